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
                Map.entry("records:ward-staff nurse 4-west", List.of("physician", "nurse", "billing", "auditor")));
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
