package org.openward.records.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.impl.JpaAuditTrail;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.records.api.Address;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.ContactPoint;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientField;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PersonName;
import org.openward.records.api.TextMatch;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/**
 * Who reads which patient, and how much of them: care teams, ward stays, break-glass grants and
 * field rules, on a real Derby with the real platform security, break-glass grants and audit.
 */
public class PatientAccessTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private JpaAuditTrail audit;
    private PatientServiceImpl patients;
    private CareRelationshipsImpl care;
    private String patientId;

    @Before
    public void setUp() {
        TestRecords records = new TestRecords(database, folder.getRoot().toPath());
        platform = records.platform;
        audit = records.audit;
        patients = records.patients;
        care = records.care;
        platform.user("clerk", "registration");
        platform.user("dr.grey", "physician");
        platform.user("nurse.joy", "nurse");
        platform.user("cashier", "billing");
        platform.user("privacy", "auditor");
        patientId = as("clerk", () -> patients.register(Patient.toRegister(null,
                List.of(PersonName.official("Carefield", "Cora")), LocalDate.of(1961, 4, 2), AdministrativeGender.FEMALE,
                List.of(), List.of(new ContactPoint("phone", "+1-555-0142", "home")),
                List.of(new Address("home", List.of("4 Oak Street"), "Exampleton", null, "EX", "10001", "US"))))).id();
    }

    @After
    public void close() {
        database.close();
    }

    private <T> T as(String user, Supplier<T> work) {
        return platform.security.callWithToken(platform.login(user), "10.9.9.9", "req-" + user, work);
    }

    private Patient found(String user) {
        return as(user, () -> patients.search(PatientQuery.builder().family(TextMatch.startsWith("carefield")).build()))
                .patients().get(0);
    }

    @Test
    public void aClinicianOutsideTheCareFindsThePatientButCannotOpenTheChart() {
        AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                () -> as("dr.grey", () -> patients.get(patientId)));
        assertTrue(refused.getMessage(), refused.getMessage().contains("break the glass"));
        Patient directoryLine = found("dr.grey");
        assertEquals("Carefield", directoryLine.names().get(0).family());
        assertEquals(Set.of(PatientField.CONTACT, PatientField.NARRATIVE), directoryLine.withheld());
        assertTrue(directoryLine.telecom().isEmpty());
        assertTrue(directoryLine.addresses().isEmpty());
        assertThrows(AccessDeniedException.class, () -> as("dr.grey", () -> patients.update(patientId, directoryLine)));

        List<AuditRecord> denied = as("privacy", () -> audit.search(AuditQuery.forPatient(patientId, 20)).records())
                .stream().filter(r -> r.action() == AuditAction.ACCESS_DENIED).toList();
        assertEquals(denied.toString(), 2, denied.size());
        assertTrue(denied.stream().allMatch(r -> "dr.grey".equals(r.actor()) && r.outcome() == AuditOutcome.DENIED));
    }

    @Test
    public void theCareTeamReadsTheWholeChartUntilItLeaves() {
        as("clerk", () -> {
            care.joinCareTeam(patientId, "dr.grey");
            return null;
        });
        Patient chart = as("dr.grey", () -> patients.get(patientId));
        assertEquals(Set.of(), chart.withheld());
        assertEquals("+1-555-0142", chart.telecom().get(0).value());
        assertEquals(Set.of(), found("dr.grey").withheld());
        as("dr.grey", () -> patients.update(patientId, chart));

        as("clerk", () -> {
            care.leaveCareTeam(patientId, "dr.grey");
            return null;
        });
        assertThrows(AccessDeniedException.class, () -> as("dr.grey", () -> patients.get(patientId)));
    }

    @Test
    public void wardStaffCareForThePatientsStayingOnTheirWard() {
        as("clerk", () -> {
            care.assignToWard("nurse.joy", "4-west");
            care.admitToWard(patientId, "3-east");
            return null;
        });
        assertThrows("another ward", AccessDeniedException.class, () -> as("nurse.joy", () -> patients.get(patientId)));
        as("clerk", () -> {
            care.admitToWard(patientId, "4-west");
            return null;
        });
        assertEquals(Set.of(), as("nurse.joy", () -> patients.get(patientId)).withheld());
        as("clerk", () -> {
            care.discharge(patientId);
            return null;
        });
        assertThrows("discharged", AccessDeniedException.class, () -> as("nurse.joy", () -> patients.get(patientId)));
    }

    @Test
    public void onlyWhoMayAssignCareChangesIt() {
        assertThrows(AccessDeniedException.class, () -> as("dr.grey", () -> {
            care.joinCareTeam(patientId, "dr.grey");
            return null;
        }));
        assertThrows(AccessDeniedException.class, () -> as("dr.grey", () -> patients.get(patientId)));
    }

    @Test
    public void breakingTheGlassOpensOneChartForAnHour() {
        String other = as("clerk", () -> patients.register(Patient.toRegister(null,
                List.of(PersonName.official("Othello", "Otto")), null, null, List.of(), List.of(), List.of()))).id();
        assertThrows("wrong password", NotAuthenticatedException.class, () -> as("dr.grey",
                () -> platform.breakGlass.start(patientId, "Unconscious in the ED, no records", "guess".toCharArray(), null)));
        assertThrows("no glass broken", AccessDeniedException.class, () -> as("dr.grey", () -> patients.get(patientId)));

        as("dr.grey", () -> platform.breakGlass.start(patientId, "Unconscious in the ED, no records",
                "dr.grey-password".toCharArray(), null));
        assertEquals(Set.of(), as("dr.grey", () -> patients.get(patientId)).withheld());
        assertThrows("one patient only", AccessDeniedException.class, () -> as("dr.grey", () -> patients.get(other)));
        assertThrows("the holder only", AccessDeniedException.class, () -> as("nurse.joy", () -> patients.get(patientId)));

        platform.clock.advance(Duration.ofMinutes(61));
        assertThrows("expired", AccessDeniedException.class, () -> as("dr.grey", () -> patients.get(patientId)));
        platform.breakGlass.endExpired();
        platform.breakGlass.endExpired();
        List<AuditRecord> trail = as("privacy", () -> audit.search(AuditQuery.forPatient(patientId, 50)).records());
        assertEquals(1, trail.stream().filter(r -> r.action() == AuditAction.BREAK_GLASS_START).count());
        assertEquals("the end is recorded once", 1,
                trail.stream().filter(r -> r.action() == AuditAction.BREAK_GLASS_END).count());
        assertTrue(trail.stream().anyMatch(r -> r.action() == AuditAction.READ && "dr.grey".equals(r.actor())
                && r.detail().contains("patient-in-care")));
    }

    @Test
    public void rolesThatMayNotBreakTheGlassCannot() {
        for (String user : List.of("clerk", "cashier", "privacy")) {
            assertThrows(user, AccessDeniedException.class, () -> as(user, () -> platform.breakGlass.start(patientId,
                    "I would like to see this chart", (user + "-password").toCharArray(), null)));
        }
    }

    @Test
    public void billingReadsDemographicsButNeverTheNarrative() {
        Patient billed = as("cashier", () -> patients.get(patientId));
        assertEquals(Set.of(PatientField.NARRATIVE), billed.withheld());
        assertEquals("+1-555-0142", billed.telecom().get(0).value());
        assertEquals("Exampleton", billed.addresses().get(0).city());
        assertEquals(Set.of(PatientField.NARRATIVE), found("cashier").withheld());
        assertFalse(found("clerk").withheld().contains(PatientField.NARRATIVE));
    }
}
