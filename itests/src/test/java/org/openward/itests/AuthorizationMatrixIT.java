package org.openward.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Every route x role x relationship of {@code authorization-matrix.csv} against the running
 * distribution: each row on a patient of its own, put in the row's relationship with the role's
 * demo user first; the answer's status and the parts of the patient it shows must be the
 * expected ones. All differences are listed at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthorizationMatrixIT extends OpenWardTestSupport {

    private record Row(int line, String route, String role, String relationship, String expected) {
        @Override
        public String toString() {
            return "line " + line + ": " + route + " as " + role + " (" + relationship + ")";
        }
    }

    private final Map<String, String> tokens = new HashMap<>();
    private int wards;

    @Test
    public void everyRouteRoleAndRelationshipAnswersAsTheMatrixSays() throws IOException {
        List<Row> rows = rows();
        assertTrue("the matrix has rows", rows.size() > 50);
        List<String> differences = new ArrayList<>();
        for (Row row : rows) {
            String patientId = registerPatient();
            relate(row, patientId);
            String actual = answer(row, patientId);
            if (!actual.equals(row.expected())) {
                differences.add(row + ": expected " + row.expected() + ", was " + actual);
            }
        }
        assertEquals("differences from the matrix:\n" + String.join("\n", differences), 0, differences.size());
    }

    @Test
    public void theMatrixCoversEveryRoleOnEveryRoute() throws IOException {
        List<String> roles = List.of("physician", "nurse", "pharmacist", "radiologist", "billing", "registration",
                "admin", "auditor", "patient");
        List<Row> rows = rows();
        for (String route : rows.stream().map(Row::route).distinct().toList()) {
            for (String role : roles) {
                assertTrue(route + " x " + role, rows.stream().anyMatch(r -> r.route().equals(route) && r.role().equals(role)));
            }
        }
        assertFalse(rows.stream().anyMatch(r -> !roles.contains(r.role())));
    }

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AuthorizationMatrixIT.class.getResourceAsStream("/authorization-matrix.csv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",");
                if (cells.length != 4) {
                    throw new IllegalStateException("authorization-matrix.csv line " + number + ": four cells expected");
                }
                rows.add(new Row(number, cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip()));
            }
        }
        return rows;
    }

    private String token(String role) {
        return tokens.computeIfAbsent(role, this::loginAs);
    }

    private String registerPatient() {
        Http.Answer created = http().post("/fhir/Patient", token("registration"), FHIR_JSON, encode(patient()));
        assertStatus(201, created);
        return parse(Patient.class, created.body()).getIdElement().getIdPart();
    }

    private static Patient patient() {
        Patient patient = new Patient();
        patient.addName().setFamily(uniqueName("Matrix")).addGiven("Mia");
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1977-07-07"));
        patient.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("+1-555-0177");
        patient.addAddress().addLine("7 Elm Road").setCity("Exampleton").setPostalCode("10007");
        return patient;
    }

    /** Puts the role's demo user in the row's relationship with the patient. */
    private void relate(Row row, String patientId) {
        String user = row.role();
        switch (row.relationship()) {
            case "none" -> {
                // nothing
            }
            case "care-team" -> putOnCareTeam(patientId, user);
            case "ward" -> {
                String ward = "matrix-" + (++wards);
                shell("records:ward-stay " + patientId + " " + ward, "registrar-on-shell", "registration");
                shell("records:ward-staff " + user + " " + ward, "registrar-on-shell", "registration");
            }
            case "break-glass" -> assertStatus(201, breakGlass(user, patientId));
            case "own" -> shell("records:portal-link " + user + " " + patientId, "registrar-on-shell", "registration");
            default -> throw new IllegalStateException(row + ": unknown relationship");
        }
    }

    private Http.Answer breakGlass(String user, String patientId) {
        return http().post("/api/break-glass", token(user), "application/json", "{\"patient\":\"" + patientId
                + "\",\"reason\":\"Authorization matrix: emergency access\",\"password\":\"" + user + "-password\"}");
    }

    /** The row's request, and its answer in the matrix's notation. */
    private String answer(Row row, String patientId) {
        String token = token(row.role());
        Http.Answer answer = switch (row.route()) {
            case "read" -> http().get("/fhir/Patient/" + patientId, token);
            case "search" -> http().get("/fhir/Patient?_id=" + patientId, token);
            case "update" -> {
                Patient changed = patient();
                changed.setId(patientId);
                yield http().put("/fhir/Patient/" + patientId, token, FHIR_JSON, encode(changed));
            }
            case "create" -> http().post("/fhir/Patient", token, FHIR_JSON, encode(patient()));
            case "audit-events" -> http().get("/fhir/AuditEvent?patient=Patient/" + patientId, token);
            case "break-glass" -> breakGlass(row.role(), patientId);
            case "break-glass-reviews" -> http().get("/api/break-glass/reviews", token);
            default -> throw new IllegalStateException(row + ": unknown route");
        };
        if (answer.status() != 200 || !(row.route().equals("read") || row.route().equals("search"))) {
            return Integer.toString(answer.status());
        }
        Patient shown;
        if (row.route().equals("search")) {
            Bundle found = parse(Bundle.class, answer.body());
            if (found.getEntry().isEmpty()) {
                return "200/empty";
            }
            shown = (Patient) found.getEntryFirstRep().getResource();
        } else {
            shown = parse(Patient.class, answer.body());
        }
        List<String> parts = new ArrayList<>();
        if (shown.hasTelecom() || shown.hasAddress()) {
            parts.add("contact");
        }
        if (shown.hasText()) {
            parts.add("narrative");
        }
        boolean redacted = shown.getMeta().getSecurity().stream().anyMatch(c -> "REDACTED".equals(c.getCode()));
        if (redacted == (parts.size() == 2)) {
            return "200/inconsistent REDACTED mark";
        }
        return "200/" + (parts.isEmpty() ? "none" : String.join("+", parts));
    }
}
