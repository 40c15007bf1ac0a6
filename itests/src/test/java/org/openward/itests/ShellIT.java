package org.openward.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Patient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The administrators' shell: the same permissions and the same audit trail as the HTTP doors. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends OpenWardTestSupport {

    @Test
    public void modulesListsTheInstalledModulesWithVersionAndState() {
        loginAs("admin");
        String out = shell("openward:modules", "karaf", "admin");
        for (String module : List.of("openward-platform", "openward-audit", "openward-records")) {
            assertThat(out, containsString(module));
        }
        assertThat(out, containsString("Started"));
        assertThat(out, not(containsString("openward-runtime")));
        assertRefusedByTheCommandAcl(shell("openward:modules", "visitor"));
    }

    @Test
    public void patientFindFindsByNameAndMrnAndIsAuditedUnderTheShellUser() {
        String token = loginAs("registration");
        Patient patient = new Patient();
        patient.addName().setFamily("Shellfinder").addGiven("Sam");
        Patient stored = parse(Patient.class, http().post("/fhir/Patient", token, FHIR_JSON, encode(patient)).body());
        String id = stored.getIdElement().getIdPart();
        String mrn = stored.getIdentifierFirstRep().getValue();

        String byName = shell("records:patient-find shellfind", "clerk-on-shell", "registration");
        assertThat(byName, containsString(mrn));
        assertThat(byName, containsString("SHELLFINDER, Sam"));
        assertThat(shell("records:patient-find " + mrn, "clerk-on-shell", "registration"), containsString(id));

        List<AuditRecord> trail = auditTrail(AuditQuery.forPatient(id, 20));
        assertTrue("a SEARCH by the shell user over SHELL: " + trail, trail.stream().anyMatch(r ->
                r.action() == AuditAction.SEARCH && "clerk-on-shell".equals(r.actor()) && "SHELL".equals(r.channel())));
    }

    @Test
    public void recordsImportStoresWholeBundlesAndNamesEachFailure() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("openward-import");
        String kept = uniqueName("Imported");
        String refused = uniqueName("Refused");
        java.nio.file.Files.writeString(folder.resolve("a-good.json"), encode(patientWithHeartRate(kept, true)));
        java.nio.file.Files.writeString(folder.resolve("b-bad.json"), encode(patientWithHeartRate(refused, false)));
        java.nio.file.Files.writeString(folder.resolve("c-not-fhir.json"), "not JSON at all");

        // the integration service account of the demo start (role integration)
        String out = shell("records:import " + folder, "integration", "integration");
        assertThat(out, containsString("Bundles: 1 imported, 2 failed (3 files)"));
        assertThat(out, containsString("Resources created: 2 (Observation 1, Patient 1)"));
        assertThat(out, containsString("b-bad.json, Bundle.entry[1].resource.code"));
        assertThat(out, containsString("c-not-fhir.json"));
        assertThat(out, containsString("OW-1308"));

        String pharmacist = loginAs("pharmacist");
        org.hl7.fhir.r4.model.Bundle found = parse(org.hl7.fhir.r4.model.Bundle.class,
                http().get("/fhir/Patient?family=" + kept, pharmacist).body());
        assertTrue(found.getTotal() == 1);
        String id = found.getEntryFirstRep().getResource().getIdElement().getIdPart();
        assertTrue(parse(org.hl7.fhir.r4.model.Bundle.class,
                http().get("/fhir/Observation?patient=" + id, pharmacist).body()).getTotal() == 1);
        assertTrue("nothing of the failed Bundle is stored", parse(org.hl7.fhir.r4.model.Bundle.class,
                http().get("/fhir/Patient?family=" + refused, pharmacist).body()).getTotal() == 0);
        List<AuditRecord> trail = auditTrail(AuditQuery.forPatient(id, 20));
        assertTrue("created by the shell user over SHELL: " + trail, trail.stream().anyMatch(r ->
                r.action() == AuditAction.CREATE && "integration".equals(r.actor()) && "SHELL".equals(r.channel())));
        assertRefusedByTheCommandAcl(shell("records:import " + folder, "billing-clerk", "billing"));
    }

    /** A transaction: a patient and a heart rate referring to it by urn:uuid; the rate without its code if not valid. */
    private static org.hl7.fhir.r4.model.Bundle patientWithHeartRate(String family, boolean valid) {
        org.hl7.fhir.r4.model.Bundle bundle = new org.hl7.fhir.r4.model.Bundle()
                .setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven("Ira");
        patient.setBirthDate(java.sql.Date.valueOf("1961-04-12"));
        String patientUrl = "urn:uuid:" + java.util.UUID.randomUUID();
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient).getRequest()
                .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("Patient");
        org.hl7.fhir.r4.model.Observation rate = new org.hl7.fhir.r4.model.Observation()
                .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
        if (valid) {
            rate.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
        }
        rate.setSubject(new org.hl7.fhir.r4.model.Reference(patientUrl));
        rate.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-09-01T10:00:00Z"));
        rate.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(72).setUnit("/min")
                .setSystem("http://unitsofmeasure.org").setCode("/min"));
        bundle.addEntry().setResource(rate).getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        return bundle;
    }

    @Test
    public void aShellUserWithoutAnOpenWardRoleIsRefused() {
        assertRefusedByTheCommandAcl(shell("records:patient-find smith", "visitor", "viewer"));
    }

    /** The command ACLs shipped in etc/ for every OpenWard scope, command by command. */
    @Test
    public void everyOpenWardCommandIsGuardedByTheShippedAcl() {
        Map<String, List<String>> refused = Map.ofEntries(
                Map.entry("openward:user-list", List.of("nurse", "physician", "auditor", "viewer")),
                Map.entry("openward:user-add --role nurse nora", List.of("nurse", "auditor", "registration")),
                Map.entry("openward:user-mfa-reset nora", List.of("nurse", "auditor", "registration")),
                Map.entry("openward:user-lock nora", List.of("nurse", "auditor", "registration")),
                Map.entry("openward:role-grant nora admin", List.of("nurse", "auditor", "registration")),
                Map.entry("openward:health", List.of("nurse", "registration", "viewer")),
                Map.entry("openward:modules", List.of("viewer", "patient")),
                Map.entry("records:patient-find smith", List.of("auditor", "patient", "viewer")),
                Map.entry("audit:search", List.of("admin", "nurse", "physician")),
                Map.entry("audit:verify", List.of("admin", "nurse", "physician")),
                Map.entry("records:care-team some-patient physician", List.of("physician", "nurse", "billing", "auditor")),
                Map.entry("records:ward-stay some-patient 4-west", List.of("physician", "nurse", "pharmacist", "auditor")),
                Map.entry("records:ward-staff nurse 4-west", List.of("physician", "nurse", "billing", "auditor")),
                Map.entry("records:import no-such-folder", List.of("auditor", "pharmacist", "billing", "patient")));
        refused.forEach((command, roles) -> roles.forEach(role ->
                assertRefusedByTheCommandAcl(shell(command, "acl-probe", role))));
        assertThat(shell("openward:user-list", "acl-probe", "admin"), containsString("Username"));
        assertThat(shell("audit:search -n 1", "acl-probe", "auditor"), containsString("matching records"));
    }

    /** An administrator locks and unlocks an account and changes its roles from the shell; audited. */
    @Test
    public void administratorsLockAccountsAndGrantRolesFromTheShell() {
        String username = "shell-" + uniqueName("u").substring(1, 7);
        assertThat(shellWithInput("a-long-enough-password\na-long-enough-password\n",
                "openward:user-add --role nurse " + username, "ops", "admin"), containsString("Created user"));
        String token = login(username, "a-long-enough-password");

        assertThat(shell("openward:role-grant " + username + " billing", "ops", "admin"),
                containsString("now has roles billing, nurse"));
        assertThat(shell("openward:role-grant --revoke " + username + " billing", "ops", "admin"),
                containsString("now has roles nurse"));
        assertThat(shell("openward:role-grant --revoke " + username + " nurse", "ops", "admin"),
                containsString("OW-0114"));

        assertThat(shell("openward:user-lock " + username, "ops", "admin"), containsString("locked"));
        assertStatus(401, http().get("/api/auth/me", token));
        assertStatus(401, http().post("/api/auth/login", null, "application/json",
                "{\"username\":\"" + username + "\",\"password\":\"a-long-enough-password\"}"));
        assertThat(shell("openward:user-lock --unlock " + username, "ops", "admin"), containsString("unlocked"));
        login(username, "a-long-enough-password");

        List<String> changes = auditTrail(AuditQuery.latest(50).actor("ops").actions(AuditAction.USER_CHANGE)).stream()
                .map(AuditRecord::detail).toList();
        for (String expected : List.of("granted role billing to " + username, "revoked role billing from " + username,
                "locked user " + username, "unlocked user " + username)) {
            assertTrue(changes.toString(), changes.stream().anyMatch(d -> d.contains(expected)));
        }
    }
}
