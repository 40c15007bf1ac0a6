package org.openward.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The records slice end to end over HTTP: FHIR Patient, permissions, the audit trail. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PatientApiIT extends OpenWardTestSupport {

    static final String MRN_SYSTEM = "urn:openward:mrn";

    private static Patient newPatient(String family, String given) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven(given);
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1984-06-30"));
        patient.addIdentifier().setSystem("urn:example:national-id").setValue("N-" + UUID.randomUUID().toString().substring(0, 8));
        return patient;
    }

    @Test
    public void registerReadSearchAndUpdateAPatient() {
        String token = loginAs("registration");
        String family = uniqueName("Okonkwo");
        Patient input = newPatient(family, "Adaeze");
        String nationalId = input.getIdentifierFirstRep().getValue();

        Http.Answer created = http().post("/fhir/Patient", token, FHIR_JSON, encode(input));
        assertStatus(201, created);
        Patient stored = parse(Patient.class, created.body());
        String id = stored.getIdElement().getIdPart();
        assertEquals("W/\"1\"", created.header("ETag").orElse(""));
        assertThat(created.header("Location").orElse(""), containsString("/fhir/Patient/" + id + "/_history/1"));
        String mrn = mrnOf(stored).orElseThrow();
        assertTrue("assigned MRNs are digits with a Luhn check digit: " + mrn, luhnValid(mrn));

        Http.Answer read = http().get("/fhir/Patient/" + id, token);
        assertStatus(200, read);
        Patient fetched = parse(Patient.class, read.body());
        assertEquals(family, fetched.getNameFirstRep().getFamily());
        assertEquals("Adaeze", fetched.getNameFirstRep().getGivenAsSingleString());
        assertEquals("1984-06-30", fetched.getBirthDateElement().getValueAsString());
        assertEquals(AdministrativeGender.FEMALE, fetched.getGender());
        assertEquals(mrn, mrnOf(fetched).orElseThrow());

        for (String query : List.of("name=" + family.substring(0, 5).toLowerCase(), "family=" + family,
                "family:exact=" + family, "name:contains=" + family.substring(2, 7), "given=adae&family=" + family,
                "birthdate=1984-06-30&family=" + family, "birthdate=ge1984-06&birthdate=lt1984-07&family=" + family,
                "identifier=" + MRN_SYSTEM + "%7C" + mrn, "identifier=" + mrn,
                "identifier=urn:example:national-id%7C" + nationalId, "gender=female&family=" + family, "_id=" + id)) {
            Bundle bundle = search(token, query);
            assertThat(query, ids(bundle), hasItem(id));
        }
        for (String query : List.of("family:exact=" + family.toLowerCase(), "birthdate=lt1984-06-30&family=" + family,
                "gender=male&family=" + family, "identifier=urn:example:other%7C" + nationalId)) {
            assertFalse(query, ids(search(token, query)).contains(id));
        }

        fetched.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("+1-555-0100");
        fetched.getNameFirstRep().setFamily(family + "-Eze");
        Http.Answer updated = http().put("/fhir/Patient/" + id, token, FHIR_JSON, encode(fetched));
        assertStatus(200, updated);
        assertEquals("2", parse(Patient.class, updated.body()).getMeta().getVersionId());
        Patient again = parse(Patient.class, http().get("/fhir/Patient/" + id, token).body());
        assertEquals(family + "-Eze", again.getNameFirstRep().getFamily());
        assertEquals("+1-555-0100", again.getTelecomFirstRep().getValue());
        assertEquals(mrn, mrnOf(again).orElseThrow());
    }

    @Test
    public void searchPagesThroughMatches() {
        String token = loginAs("registration");
        String family = uniqueName("Pagetest");
        for (int i = 0; i < 3; i++) {
            assertStatus(201, http().post("/fhir/Patient", token, FHIR_JSON, encode(newPatient(family, "Child" + i))));
        }
        Bundle first = search(token, "family=" + family + "&_count=2");
        assertEquals(3, first.getTotal());
        assertEquals(2, first.getEntry().size());
        String next = first.getLink("next").getUrl();
        Bundle second = parse(Bundle.class, http().get(next.substring(next.indexOf("/fhir/")), token).body());
        assertEquals(1, second.getEntry().size());
        assertFalse(ids(first).contains(ids(second).get(0)));
        assertEquals(3, search(token, "family=" + family + "&_count=0").getTotal());
    }

    @Test
    public void badInputIsRefusedWithAnOperationOutcomeAndNothingIsStored() {
        String token = loginAs("registration");
        String family = uniqueName("Nevermade");
        Patient future = newPatient(family, "Tomorrow");
        future.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2999-01-01"));
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, encode(future)), 400, "OW-1105", "Patient.birthDate");

        Patient nameless = newPatient(family, "x");
        nameless.getName().clear();
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, encode(nameless)), 400, "OW-1101", "Patient.name");

        Patient married = newPatient(family, "Wed");
        married.getMaritalStatus().setText("married");
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, encode(married)), 400, "OW-1120", "Patient.maritalStatus");

        Patient badPhone = newPatient(family, "Ring");
        badPhone.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE);
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, encode(badPhone)), 400, "OW-1112", "Patient.telecom[0].value");

        Patient noSystem = newPatient(family, "Id");
        noSystem.addIdentifier(new Identifier().setValue("123"));
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, encode(noSystem)), 400, "OW-1107", "Patient.identifier[1].system");

        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""
                + family + "\"}],\"unknownElement\":1}"), 400, "OW-0020", null);
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, "{this is not json"), 400, "OW-0020", null);
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, "{\"resourceType\":\"Observation\",\"status\":\"final\"}"),
                400, "OW-0021", "Patient.resourceType");
        assertRefused(http().post("/fhir/Patient", token, "text/plain", encode(newPatient(family, "Plain"))), 415, "OW-0415", null);
        assertRefused(http().get("/fhir/Patient?birthdate=1984-13-01", token), 400, "OW-0027", null);
        assertRefused(http().get("/fhir/Patient?eye-colour=blue", token), 400, "OW-0023", null);
        assertRefused(http().get("/fhir/Patient?_count=5000", token), 400, "OW-0026", null);
        assertRefused(http().get("/fhir/Patient/" + UUID.randomUUID(), token), 404, "OW-1404", null);
        assertRefused(http().get("/fhir/Patient/bad$id", token), 400, "OW-0025", null);
        assertRefused(http().get("/fhir/Medication?code=x", token), 404, "OW-0010", null);

        assertEquals("nothing was stored", 0, search(token, "family=" + family).getTotal());
    }

    @Test
    public void concurrentRegistrationsAllSucceedWithDistinctMrns() throws Exception {
        String token = loginAs("registration");
        String family = uniqueName("Rush");
        java.util.concurrent.ExecutorService desks = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Http.Answer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String body = encode(newPatient(family, "Desk" + i));
            answers.add(desks.submit(() -> postAsAClientDoes("/fhir/Patient", token, body)));
        }
        java.util.Set<String> mrns = new java.util.HashSet<>();
        for (var answer : answers) {
            assertStatus(201, answer.get());
            mrns.add(mrnOf(parse(Patient.class, answer.get().body())).orElseThrow());
        }
        desks.shutdown();
        assertEquals(40, mrns.size());
        assertEquals(40, search(token, "family=" + family + "&_count=0").getTotal());
    }

    /**
     * A POST as FHIR clients send it: a 503 says nothing was changed and to come back after
     * Retry-After, so the client does, a few times.
     */
    private Http.Answer postAsAClientDoes(String path, String token, String body) throws InterruptedException {
        Http.Answer answer = http().post(path, token, FHIR_JSON, body);
        for (int attempt = 1; answer.status() == 503 && attempt < 5; attempt++) {
            assertEquals(answer.body(), "1", answer.header("Retry-After").orElseThrow());
            Thread.sleep(1000);
            answer = http().post(path, token, FHIR_JSON, body);
        }
        return answer;
    }

    @Test
    public void anMrnBelongsToOnePatient() {
        String token = loginAs("registration");
        Patient first = newPatient(uniqueName("Mrnone"), "A");
        String mrn = "IT-" + UUID.randomUUID().toString().substring(0, 8);
        first.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        assertStatus(201, http().post("/fhir/Patient", token, FHIR_JSON, encode(first)));
        Patient second = newPatient(uniqueName("Mrntwo"), "B");
        second.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        assertRefused(http().post("/fhir/Patient", token, FHIR_JSON, encode(second)), 409, "OW-1409", null);
        assertEquals(1, search(token, "identifier=" + mrn).getTotal());
    }

    @Test
    public void aPortalPatientFindsAndReadsTheirOwnRecordOnlyAndOthersAnswer404() {
        String staff = loginAs("registration");
        await("the demo portal account's link", Duration.ofSeconds(120), () ->
                parse(Bundle.class, http().get("/fhir/Patient?_count=5", loginAs("patient")).body()).getTotal() == 1);
        String portal = loginAs("patient");
        Bundle own = parse(Bundle.class, http().get("/fhir/Patient?_count=50", portal).body());
        assertEquals(1, own.getTotal());
        String ownId = own.getEntryFirstRep().getResource().getIdElement().getIdPart();
        assertStatus(200, http().get("/fhir/Patient/" + ownId, portal));

        Bundle everyone = parse(Bundle.class, http().get("/fhir/Patient?_count=5", staff).body());
        assertTrue("staff see the whole index", everyone.getTotal() > 100);
        String otherId = everyone.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart())
                .filter(id -> !id.equals(ownId)).findFirst().orElseThrow();
        Http.Answer other = http().get("/fhir/Patient/" + otherId, portal);
        Http.Answer nobody = http().get("/fhir/Patient/00000000-0000-0000-0000-000000000000", portal);
        assertRefused(other, 404, "OW-1404", null);
        assertEquals("another patient answers exactly as no patient",
                parse(OperationOutcome.class, nobody.body()).getIssueFirstRep().getDiagnostics().replace(
                        "00000000-0000-0000-0000-000000000000", otherId),
                parse(OperationOutcome.class, other.body()).getIssueFirstRep().getDiagnostics());
        assertEquals(0, parse(Bundle.class, http().get("/fhir/Patient?_id=" + otherId, portal).body()).getTotal());
        assertStatus(403, http().put("/fhir/Patient/" + ownId, portal, FHIR_JSON, http().get("/fhir/Patient/" + ownId,
                portal).body()));
    }

    @Test
    public void aRoleWithoutThePermissionGets403AndTheRefusalIsAudited() {
        String billing = loginAs("billing");
        String family = uniqueName("Notbilling");
        assertRefused(http().post("/fhir/Patient", billing, FHIR_JSON, encode(newPatient(family, "X"))),
                403, "OW-0403", null);
        assertStatus(200, http().get("/fhir/Patient?family=" + family, billing));
        String auditor = loginAs("auditor");
        assertRefused(http().get("/fhir/Patient?family=" + family, auditor), 403, "OW-0403", null);

        List<AuditRecord> denials = auditTrail(AuditQuery.latest(10).actor("billing").actions(AuditAction.ACCESS_DENIED));
        assertTrue("the refusal is on record", denials.stream().anyMatch(r ->
                r.outcome() == AuditOutcome.DENIED && "records:patient:create".equals(r.detail())));
        assertEquals(0, search(loginAs("registration"), "family=" + family).getTotal());
    }

    @Test
    public void everyReadSearchAndWriteIsAudited() {
        String registration = loginAs("registration");
        Http.Answer created = http().post("/fhir/Patient", registration, FHIR_JSON, encode(newPatient(uniqueName("Audited"), "Ann")));
        assertStatus(201, created);
        String id = parse(Patient.class, created.body()).getIdElement().getIdPart();
        String createRequest = created.header("X-Request-Id").orElseThrow();

        String physician = loginAs("physician");
        putOnCareTeam(id, "physician");
        assertStatus(200, http().get("/fhir/Patient/" + id, physician));
        assertStatus(200, http().get("/fhir/Patient?_id=" + id, physician));
        assertStatus(400, http().put("/fhir/Patient/" + id, registration, FHIR_JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"birthDate\":\"2999-01-01\",\"name\":[{\"family\":\"X\"}]}"));

        List<AuditRecord> trail = auditTrail(AuditQuery.forPatient(id, 50));
        AuditRecord create = find(trail, AuditAction.CREATE, "registration");
        assertEquals(AuditOutcome.SUCCESS, create.outcome());
        assertEquals("Patient", create.resourceType());
        assertEquals(id, create.resourceId());
        assertEquals("HTTP", create.channel());
        assertEquals("127.0.0.1", create.sourceAddress());
        assertEquals(createRequest, create.requestId());
        assertEquals(AuditOutcome.SUCCESS, find(trail, AuditAction.READ, "physician").outcome());
        assertEquals(AuditOutcome.SUCCESS, find(trail, AuditAction.SEARCH, "physician").outcome());
        AuditRecord failedUpdate = find(trail, AuditAction.UPDATE, "registration");
        assertEquals(AuditOutcome.FAILURE, failedUpdate.outcome());
        assertEquals("OW-1105", failedUpdate.detail());
        assertNotEquals(create.id(), failedUpdate.id());
    }

    private AuditRecord find(List<AuditRecord> trail, AuditAction action, String actor) {
        return trail.stream().filter(r -> r.action() == action && actor.equals(r.actor())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " by " + actor + " in " + trail));
    }

    private Bundle search(String token, String query) {
        Http.Answer answer = http().get("/fhir/Patient?" + query, token);
        assertStatus(200, answer);
        return parse(Bundle.class, answer.body());
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private static Optional<String> mrnOf(Patient patient) {
        return patient.getIdentifier().stream().filter(i -> MRN_SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue).findFirst();
    }

    private static boolean luhnValid(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int digit = number.charAt(number.length() - 1 - i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
