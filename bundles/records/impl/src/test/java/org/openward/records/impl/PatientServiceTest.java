package org.openward.records.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.Identifier;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PersonName;
import org.openward.records.api.TextMatch;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/** The patient service on a real (in-memory) Derby with the real platform security and audit trail. */
public class PatientServiceTest {

    private static final String MRN_SYSTEM = TestRecords.MRN_SYSTEM;
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private JpaAuditTrail audit;
    private PatientServiceImpl patients;

    @Before
    public void setUp() {
        TestRecords records = new TestRecords(database, folder.getRoot().toPath());
        platform = records.platform;
        audit = records.audit;
        patients = records.patients;
        platform.user("clerk", "registration");
        platform.user("cashier", "billing");
        platform.user("privacy", "auditor");
    }

    @After
    public void close() {
        database.close();
    }

    private <T> T as(String user, Supplier<T> work) {
        return platform.security.callWithToken(platform.login(user), "10.9.9.9", "req-" + user, work);
    }

    private static Patient person(String family, String given, LocalDate birth, AdministrativeGender gender) {
        return Patient.toRegister(null, List.of(PersonName.official(family, given)), birth, gender, List.of(), List.of(),
                List.of());
    }

    private PatientPage find(PatientQuery query) {
        return as("clerk", () -> patients.search(query));
    }

    private List<String> families(PatientQuery query) {
        return find(query).patients().stream().map(p -> p.names().get(0).family()).toList();
    }

    @Test
    public void registeringAssignsAnMrnAndVersionsEachUpdate() {
        Patient stored = as("clerk", () -> patients.register(person("Müller", "Jonas", LocalDate.of(1970, 1, 2),
                AdministrativeGender.MALE)));
        assertTrue(stored.mrn(), Mrns.hasValidCheckDigit(stored.mrn()));
        assertEquals(1, stored.version());
        assertEquals(platform.clock.instant(), stored.lastUpdated());
        Patient read = as("clerk", () -> patients.get(stored.id()));
        assertEquals(stored, read);

        Patient changed = new Patient(null, 0, null, null, true, List.of(PersonName.official("Müller-Weiss", "Jonas")),
                stored.birthDate(), stored.gender(), List.of(new Identifier("urn:test:nid", "N-9", null)), List.of(), List.of());
        Patient updated = as("clerk", () -> patients.update(stored.id(), changed));
        assertEquals(2, updated.version());
        assertEquals(stored.mrn(), updated.mrn());
        assertEquals("Müller-Weiss", as("clerk", () -> patients.get(stored.id())).names().get(0).family());

        Patient otherMrn = new Patient(null, 0, null, "OTHER-1", true, changed.names(), null, null, List.of(), List.of(), List.of());
        assertEquals("OW-1117", assertThrows(InvalidInputException.class,
                () -> as("clerk", () -> patients.update(stored.id(), otherMrn))).code());
    }

    @Test
    public void anMrnCanBeGivenButOnlyOnce() {
        Patient first = Patient.toRegister("ext-42", List.of(PersonName.official("One")), null, null, List.of(), List.of(), List.of());
        assertEquals("ext-42", as("clerk", () -> patients.register(first)).mrn());
        Patient second = Patient.toRegister("ext-42", List.of(PersonName.official("Two")), null, null, List.of(), List.of(), List.of());
        assertEquals("OW-1409", assertThrows(ConflictException.class, () -> as("clerk", () -> patients.register(second))).code());
        assertEquals(List.of("One"), families(PatientQuery.builder().identifier(null, "ext-42").build()));
    }

    @Test
    public void concurrentRegistrationsGetDistinctMrns() throws Exception {
        ExecutorService clerks = Executors.newFixedThreadPool(8);
        List<Future<List<String>>> work = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            String token = platform.login("clerk");
            int clerk = c;
            work.add(clerks.submit(() -> {
                List<String> mrns = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Patient p = person("Rush" + clerk + "x" + i, "R", null, null);
                    mrns.add(platform.security.callWithToken(token, "10.0.0.1", "r", () -> patients.register(p)).mrn());
                }
                return mrns;
            }));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<List<String>> clerk : work) {
            distinct.addAll(clerk.get());
        }
        clerks.shutdown();
        assertEquals(80, distinct.size());
        assertEquals(80, find(PatientQuery.builder().family(TextMatch.startsWith("rush")).page(0, 0).build()).total());
    }

    @Test
    public void searchMatchesLikeFhirStringSearch() {
        for (String[] p : new String[][] {{"Smith", "Anna"}, {"Smithers", "Ben"}, {"Goldsmith", "Cara"},
                {"Müller", "Dora"}, {"Mueller", "Emil"}, {"100%_Real", "Fay"}}) {
            as("clerk", () -> patients.register(person(p[0], p[1], null, null)));
        }
        assertEquals(List.of("Smith", "Smithers"), families(PatientQuery.builder().name(TextMatch.startsWith("smi")).build()));
        assertEquals(List.of("Goldsmith", "Smith", "Smithers"),
                families(PatientQuery.builder().family(new TextMatch("SMITH", TextMatch.Mode.CONTAINS)).build()));
        assertEquals(List.of("Smith"), families(PatientQuery.builder().family(new TextMatch("Smith", TextMatch.Mode.EXACT)).build()));
        assertEquals(List.of(), families(PatientQuery.builder().family(new TextMatch("smith", TextMatch.Mode.EXACT)).build()));
        assertEquals(List.of("Müller"), families(PatientQuery.builder().name(TextMatch.startsWith("mull")).build()));
        assertEquals(List.of("Smith"), families(PatientQuery.builder().given(TextMatch.startsWith("ann")).build()));
        assertEquals("wildcards are literal", List.of("100%_Real"),
                families(PatientQuery.builder().name(TextMatch.startsWith("100%_")).build()));
        assertEquals(List.of(), families(PatientQuery.builder().name(TextMatch.startsWith("%")).build()));
    }

    @Test
    public void searchByBirthDateGenderAndIdentifier() {
        as("clerk", () -> patients.register(person("Early", "A", LocalDate.of(1950, 5, 5), AdministrativeGender.FEMALE)));
        as("clerk", () -> patients.register(person("Late", "B", LocalDate.of(2001, 1, 1), AdministrativeGender.MALE)));
        Patient tagged = as("clerk", () -> patients.register(Patient.toRegister(null, List.of(PersonName.official("Tagged")),
                null, null, List.of(new Identifier("urn:test:nid", "X1", null)), List.of(), List.of())));
        assertEquals(List.of("Early"), families(PatientQuery.builder().birthDateTo(LocalDate.of(1999, 12, 31)).build()));
        assertEquals(List.of("Late"), families(PatientQuery.builder().birthDateFrom(LocalDate.of(2001, 1, 1))
                .birthDateTo(LocalDate.of(2001, 1, 1)).build()));
        assertEquals(List.of("Late"), families(PatientQuery.builder().gender(AdministrativeGender.MALE).build()));
        assertEquals(List.of("Tagged"), families(PatientQuery.builder().identifier("urn:test:nid", "X1").build()));
        assertEquals(List.of("Tagged"), families(PatientQuery.builder().identifier("urn:test:nid", null).build()));
        assertEquals(List.of("Tagged"), families(PatientQuery.builder().identifier(MRN_SYSTEM, tagged.mrn()).build()));
        assertEquals(List.of("Tagged"), families(PatientQuery.builder().identifier(null, tagged.mrn()).build()));
        assertEquals(List.of(), families(PatientQuery.builder().identifier("urn:other", "X1").build()));
        assertEquals(3, find(PatientQuery.builder().identifier(MRN_SYSTEM, null).build()).total());
    }

    @Test
    public void searchPagesInNameOrder() {
        for (String family : List.of("Delta", "alpha", "Charlie", "bravo", "Echo")) {
            as("clerk", () -> patients.register(person(family, "X", null, null)));
        }
        PatientPage second = find(PatientQuery.builder().page(2, 2).build());
        assertEquals(5, second.total());
        assertEquals(List.of("Charlie", "Delta"), second.patients().stream().map(p -> p.names().get(0).family()).toList());
        assertEquals(List.of(), find(PatientQuery.builder().page(10, 2).build()).patients());
        assertEquals(5, find(PatientQuery.builder().page(0, 0).build()).total());
    }

    @Test
    public void permissionsComeFirst() {
        Patient someone = person("Secret", "S", null, null);
        assertThrows(AccessDeniedException.class, () -> as("cashier", () -> patients.register(someone)));
        assertThrows(AccessDeniedException.class, () -> as("privacy", () -> patients.search(PatientQuery.builder().build())));
        assertEquals(0, find(PatientQuery.builder().build()).total());
    }

    @Test
    public void everyCallIsAuditedFailuresAfterTheirRollback() {
        Patient stored = as("clerk", () -> patients.register(person("Audited", "A", null, null)));
        as("cashier", () -> patients.get(stored.id()));
        as("cashier", () -> patients.search(PatientQuery.builder().family(TextMatch.startsWith("aud")).build()));
        assertThrows(NotFoundException.class, () -> as("cashier", () -> patients.get("no-such-id")));
        assertThrows(InvalidInputException.class, () -> as("clerk", () -> patients.update(stored.id(),
                person("Audited", "A", LocalDate.of(2999, 1, 1), null))));

        List<AuditRecord> trail = as("privacy", () -> audit.search(AuditQuery.forPatient(stored.id(), 20)).records());
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.CREATE && "clerk".equals(r.actor())));
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.READ && "cashier".equals(r.actor())));
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.SEARCH && "cashier".equals(r.actor())
                && r.detail().contains("family(STARTS_WITH)=aud")));
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.UPDATE
                && r.outcome() == AuditOutcome.FAILURE && "OW-1105".equals(r.detail())));
        List<AuditRecord> missing = as("privacy", () -> audit.search(AuditQuery.forPatient("no-such-id", 5)).records());
        assertEquals(AuditOutcome.FAILURE, missing.get(0).outcome());
        assertEquals("OW-1404", missing.get(0).detail());
        assertEquals("the failed update changed nothing", "Audited", as("clerk", () -> patients.get(stored.id()))
                .names().get(0).family());
        assertEquals(1, as("clerk", () -> patients.get(stored.id())).version());
    }

    @Test
    public void aPortalAccountSeesItsOwnRecordOnlyAndEveryOtherPatientAsNotFound() {
        platform.user("pat", "patient");
        Patient own = as("clerk", () -> patients.register(person("Ownrecord", "Olive", LocalDate.of(1980, 1, 2),
                AdministrativeGender.FEMALE)));
        Patient other = as("clerk", () -> patients.register(person("Ownrecord", "Oscar", LocalDate.of(1981, 3, 4),
                AdministrativeGender.MALE)));
        assertEquals("not linked yet: finds nobody", 0,
                as("pat", () -> patients.search(PatientQuery.builder().page(0, 10).build())).total());
        assertThrows(NotFoundException.class, () -> as("pat", () -> patients.get(own.id())));

        assertThrows("billing may not link portal accounts", AccessDeniedException.class,
                () -> as("cashier", () -> {
                    patients.linkPortalAccount("pat", own.id());
                    return null;
                }));
        as("clerk", () -> {
            patients.linkPortalAccount("pat", own.id());
            return null;
        });

        assertEquals("Olive", as("pat", () -> patients.get(own.id())).names().get(0).given().get(0));
        NotFoundException hidden = assertThrows(NotFoundException.class, () -> as("pat", () -> patients.get(other.id())));
        NotFoundException missing = assertThrows(NotFoundException.class, () -> as("pat", () -> patients.get("no-such-id")));
        assertEquals("another patient looks exactly like no patient", missing.code(), hidden.code());
        PatientPage found = as("pat", () -> patients.search(PatientQuery.builder()
                .family(TextMatch.startsWith("ownrecord")).page(0, 10).build()));
        assertEquals(1, found.total());
        assertEquals(own.id(), found.patients().get(0).id());
        assertEquals(0, as("pat", () -> patients.search(PatientQuery.builder().id(other.id()).page(0, 10).build())).total());
        assertThrows("and never writes", AccessDeniedException.class,
                () -> as("pat", () -> patients.update(own.id(), own)));

        List<AuditRecord> trail = as("privacy", () -> audit.search(AuditQuery.forPatient(other.id(), 20)).records());
        assertTrue("the refused read is on the other patient's trail: " + trail, trail.stream().anyMatch(r ->
                r.action() == AuditAction.READ && r.outcome() == AuditOutcome.FAILURE && "pat".equals(r.actor())));
        assertTrue(as("privacy", () -> audit.search(AuditQuery.forPatient(own.id(), 20)).records()).stream()
                .anyMatch(r -> r.action() == AuditAction.USER_CHANGE && r.detail().contains("portal account pat")));
    }
}
