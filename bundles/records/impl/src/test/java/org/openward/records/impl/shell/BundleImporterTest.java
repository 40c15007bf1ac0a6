package org.openward.records.impl.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.impl.fhir.FhirProviders;
import org.openward.platform.impl.fhir.FhirTransactions;
import org.openward.platform.impl.modules.RequestGate;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.PatientQuery;
import org.openward.records.impl.PatientServiceImpl;
import org.openward.records.impl.TestRecords;
import org.openward.records.impl.chart.ChartFhirProviders;
import org.openward.records.impl.chart.ChartServiceImpl;
import org.openward.records.impl.demo.SyntheticChart;
import org.openward.records.impl.fhir.PatientFhirProvider;
import org.openward.records.impl.shell.BundleImporter.Outcome;
import org.openward.records.impl.shell.BundleImporter.Progress;
import org.openward.records.impl.shell.BundleImporter.Report;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

import ca.uhn.fhir.context.FhirContext;

/**
 * {@code records:import} without the shell: files of Bundles imported through the platform's real
 * transaction service and the real Patient and chart providers, on a real (in-memory) Derby with
 * the real platform security and audit trail, as a user whose role may write patients and charts.
 */
public class BundleImporterTest {

    private static final String IMPORT_SYSTEM = "urn:test:import";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private final FhirContext fhir = FhirContext.forR4Cached();
    private Platform platform;
    private PatientServiceImpl patients;
    private ChartServiceImpl chart;
    private FhirTransactions transactions;
    private final Map<String, String> tokens = new HashMap<>();

    @Before
    public void setUp() throws Exception {
        TestRecords records = new TestRecords(database, folder.newFolder("audit").toPath());
        platform = records.platform;
        patients = records.patients;
        chart = records.chart;

        FhirProviders providers = new FhirProviders(bundleId -> false);
        providers.addProvider(new PatientFhirProvider(patients, chart, platform.security, platform.decisionSupport));
        ChartFhirProviders.providers(chart).forEach(providers::addProvider);
        // in the runtime one JTA transaction spans every persistence unit; here the records unit's is the one
        transactions = FhirTransactions.outsideOsgi(providers, new RequestGate(), platform.security,
                work -> records.database.tx(em -> work.get()));

        // the shipped service-account role that writes both patients and any chart (platform migration V7)
        platform.user("migrator", "integration");
        platform.user("clerk", "registration");
    }

    @After
    public void close() {
        database.close();
    }

    private <T> T as(String user, Supplier<T> work) {
        String token = tokens.computeIfAbsent(user, platform::login);
        return platform.security.callWithToken(token, "10.9.9.9", "req-" + user, work);
    }

    private BundleImporter importer(String user) {
        return new BundleImporter(bundle -> as(user, () -> transactions.transaction(bundle)));
    }

    private static org.hl7.fhir.r4.model.Patient patient(String label) {
        org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
        patient.addName().setFamily("Import" + label).addGiven("Test");
        patient.setBirthDate(Date.from(LocalDate.of(1960, 5, 5).atStartOfDay().toInstant(ZoneOffset.UTC)));
        patient.addIdentifier().setSystem(IMPORT_SYSTEM).setValue(label);
        return patient;
    }

    /**
     * A transaction Bundle of one synthetic patient and a year of their chart (the demo
     * generator's), the entries referring to each other by {@code urn:uuid:}.
     */
    private Bundle chartTransaction(String label, long seed) {
        String patientId = UUID.randomUUID().toString();
        Set<String> ids = new HashSet<>(Set.of(patientId));
        List<DomainResource> records = new SyntheticChart(new Random(seed), patientId, LocalDate.of(1960, 5, 5),
                Instant.parse("2026-11-01T10:00:00Z"), resource -> {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    resource.setId(id);
                    return resource;
                }).generate(1, 2);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:" + patientId).setResource(patient(label))
                .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
        for (DomainResource resource : records) {
            for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                String target = reference.getReference();
                if (target != null && ids.contains(target.substring(target.indexOf('/') + 1))) {
                    reference.setReference("urn:uuid:" + target.substring(target.indexOf('/') + 1));
                }
            }
            String id = resource.getIdElement().getIdPart();
            resource.setId((String) null);
            bundle.addEntry().setFullUrl("urn:uuid:" + id).setResource(resource)
                    .getRequest().setMethod(HTTPVerb.POST).setUrl(resource.fhirType());
        }
        return bundle;
    }

    private static Map<String, Integer> typesOf(Bundle bundle) {
        Map<String, Integer> types = new TreeMap<>();
        bundle.getEntry().forEach(e -> types.merge(e.getResource().fhirType(), 1, Integer::sum));
        return types;
    }

    private Path write(Path dir, String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path write(Path dir, String name, Resource resource) throws Exception {
        return write(dir, name, fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource));
    }

    private int patientsWith(String label) {
        return as("migrator", () -> patients.search(PatientQuery.builder().identifier(IMPORT_SYSTEM, label).page(0, 10)
                .build())).total();
    }

    private int rows(String table) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    public void aFolderIsImportedBundleByBundleAndABadBundleFailsWholeNamingItsEntry() throws Exception {
        Path dir = folder.newFolder("bundles").toPath();
        Bundle first = chartTransaction("first", 1);
        Bundle bad = chartTransaction("bad", 2);
        Bundle third = chartTransaction("third", 3);
        int badEntry = -1;
        for (int i = bad.getEntry().size() - 1; i >= 0 && badEntry < 0; i--) {
            if (bad.getEntry().get(i).getResource() instanceof Observation observation) {
                observation.setCode(null);
                badEntry = i;
            }
        }
        assertTrue("the synthetic chart has observations", badEntry > 0);
        write(dir, "a-first.json", first);
        write(dir, "b-bad.json", bad);
        write(dir, "c-third.json", third);
        write(dir, "notes.txt", "not imported: not .json");
        write(dir, "sub/d-nested.json", chartTransaction("nested", 4));

        List<Path> files = BundleImporter.files(dir, false);
        assertEquals(List.of("a-first.json", "b-bad.json", "c-third.json"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        assertEquals("with -r the subfolder's too", 4, BundleImporter.files(dir, true).size());

        Map<String, Integer> expected = new TreeMap<>(typesOf(first));
        typesOf(third).forEach((type, n) -> expected.merge(type, n, Integer::sum));
        List<Progress> progress = new ArrayList<>();
        Report report = importer("migrator").run(dir, files, progress::add);

        assertEquals(2, report.count(Outcome.IMPORTED));
        assertEquals(1, report.count(Outcome.FAILED));
        assertFalse(report.complete());
        assertEquals(expected, report.created());
        assertTrue(report.updated().isEmpty());
        assertEquals(first.getEntry().size() + third.getEntry().size(), report.resources());
        assertEquals(1, report.failures().size());
        BundleImporter.Failure failure = report.failures().get(0);
        assertEquals("b-bad.json", failure.file());
        assertEquals("Bundle.entry[" + badEntry + "].resource.code", failure.path());
        assertTrue(failure.reason(), failure.reason().startsWith("OW-1201: entry " + badEntry + " (Observation)"));

        assertEquals(1, patientsWith("first"));
        assertEquals("nothing of the failed bundle is stored, not even its patient created before the bad entry",
                0, patientsWith("bad"));
        assertEquals(1, patientsWith("third"));
        assertEquals(2, rows("records_patient"));
        assertEquals(report.resources() - 2, rows("records_chart_resource"));
        String thirdId = as("migrator", () -> patients.search(PatientQuery.builder().identifier(IMPORT_SYSTEM, "third")
                .page(0, 1).build())).patients().get(0).id();
        assertEquals("the urn:uuid references became the patient's id", typesOf(third).get("Observation").intValue(),
                as("migrator", () -> chart.search(ChartQuery.all("Observation", thirdId, 0, 0))).total());

        Progress last = progress.get(progress.size() - 1);
        assertEquals(new Progress(3, 3, report.resources(), 1, "c-third.json"), last);
        assertEquals(new Progress(0, 3, 0, 0, null), progress.get(0));
        assertTrue(report.summary().toString(), report.summary().contains("  " + failure));
        assertTrue(report.summary().get(0), report.summary().get(0).startsWith("Bundles: 2 imported, 1 failed (3 files)"));
    }

    @Test
    public void aFileThatIsNoBundleIsRefusedWithItsReasonAndTheOthersGoOn() throws Exception {
        Path dir = folder.newFolder("mixed").toPath();
        write(dir, "1-text.json", "this is not JSON at all");
        write(dir, "2-patient.json", patient("alone"));
        write(dir, "3-searchset.json", new Bundle().setType(Bundle.BundleType.SEARCHSET));
        write(dir, "4-empty.json", "");
        write(dir, "5-unknown-element.json", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"colour\":\"red\"}");
        write(dir, "6-no-entries.json", new Bundle().setType(Bundle.BundleType.COLLECTION));
        Files.write(dir.resolve("7-binary.json"), new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1, 2 });
        write(dir, "8-good.json", chartTransaction("good", 8));

        Report report = importer("migrator").run(dir, BundleImporter.files(dir, false), p -> { });

        assertEquals(1, report.count(Outcome.IMPORTED));
        assertEquals(7, report.count(Outcome.FAILED));
        assertEquals(1, patientsWith("good"));
        Map<String, String> reasons = new TreeMap<>();
        report.failures().forEach(f -> reasons.put(f.file(), f.path() + " " + f.reason()));
        assertTrue(reasons.get("1-text.json"), reasons.get("1-text.json").startsWith("(file) OW-1304: not FHIR R4 JSON"));
        assertEquals("Bundle.resourceType OW-1305: the file holds a Patient, not a Bundle", reasons.get("2-patient.json"));
        assertTrue(reasons.get("3-searchset.json"), reasons.get("3-searchset.json").startsWith("Bundle.type OW-1306"));
        assertEquals("(file) OW-1304: not FHIR R4 JSON: the file is empty", reasons.get("4-empty.json"));
        assertTrue(reasons.get("5-unknown-element.json"), reasons.get("5-unknown-element.json").contains("colour"));
        assertEquals("Bundle.entry OW-1307: the Bundle has no entries", reasons.get("6-no-entries.json"));
        assertTrue(reasons.get("7-binary.json"), reasons.get("7-binary.json").startsWith("(file) OW-1304"));
    }

    @Test
    public void aCollectionIsImportedEntryByEntryAndABatchKeepsItsRequests() throws Exception {
        Path dir = folder.newFolder("collection").toPath();
        Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
        org.hl7.fhir.r4.model.Patient patient = patient("collected");
        patient.setId("ext-17");
        collection.addEntry().setFullUrl("http://elsewhere.example/fhir/Patient/ext-17").setResource(patient);
        List<Observation> observations = chartTransaction("sample", 5).getEntry().stream()
                .map(BundleEntryComponent::getResource).filter(Observation.class::isInstance).map(Observation.class::cast)
                .limit(2).toList();
        Observation good = observations.get(0).copy();
        good.setEncounter(null).getHasMember().clear();
        good.setSubject(new Reference("http://elsewhere.example/fhir/Patient/ext-17"));
        Observation noCode = observations.get(1).copy();
        noCode.setEncounter(null).getHasMember().clear();
        noCode.setSubject(new Reference("Patient/ext-17")).setCode(null);
        Observation alsoGood = good.copy();
        alsoGood.setSubject(new Reference("Patient/ext-17"));
        collection.addEntry().setResource(good);
        collection.addEntry().setResource(noCode);
        collection.addEntry().setResource(alsoGood);
        write(dir, "collection.json", collection);

        List<Progress> progress = new ArrayList<>();
        Report report = importer("migrator").run(dir, BundleImporter.files(dir, false), progress::add);

        assertEquals(1, report.count(Outcome.PARTLY_IMPORTED));
        assertEquals(Map.of("Observation", 2, "Patient", 1), report.created());
        assertEquals(1, report.failures().size());
        assertEquals("Bundle.entry[2].resource.code", report.failures().get(0).path());
        assertTrue(report.failures().get(0).reason(), report.failures().get(0).reason().startsWith("OW-1201: entry 2 (Observation)"));
        assertEquals("told after each entry", 1 + 4 + 1, progress.size());
        String id = as("migrator", () -> patients.search(PatientQuery.builder().identifier(IMPORT_SYSTEM, "collected")
                .page(0, 1).build())).patients().get(0).id();
        assertNotEquals("the server gave its own id", "ext-17", id);
        assertEquals("both references to the patient, by fullUrl and by Type/id, became its new id", 2,
                as("migrator", () -> chart.search(ChartQuery.all("Observation", id, 0, 0))).total());

        // a batch: each entry keeps its request; an update and a delete, which OpenWard never does
        org.hl7.fhir.r4.model.Patient stored = (org.hl7.fhir.r4.model.Patient) as("migrator",
                () -> new PatientFhirProvider(patients, chart, platform.security, platform.decisionSupport).read(id));
        stored.getNameFirstRep().setFamily("ImportRenamed");
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().setResource(stored).getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient/" + id);
        batch.addEntry().setResource(stored.copy()).getRequest().setMethod(HTTPVerb.DELETE).setUrl("Patient/" + id);
        Path batchDir = folder.newFolder("batch").toPath();
        write(batchDir, "batch.json", batch);
        Report batchReport = importer("migrator").run(batchDir, BundleImporter.files(batchDir.resolve("batch.json"), false),
                p -> { });
        assertEquals(1, batchReport.count(Outcome.PARTLY_IMPORTED));
        assertEquals(Map.of("Patient", 1), batchReport.updated());
        assertTrue(batchReport.created().isEmpty());
        assertEquals("Bundle.entry[1].request.method", batchReport.failures().get(0).path());
        assertTrue(batchReport.failures().get(0).reason(), batchReport.failures().get(0).reason().startsWith("OW-0042: entry 1"));
        assertEquals("batch.json", batchReport.failures().get(0).file());
    }

    @Test
    public void theImportingUsersPermissionsDecide() throws Exception {
        Path dir = folder.newFolder("clerk").toPath();
        write(dir, "chart.json", chartTransaction("clerks", 6));

        Report report = importer("clerk").run(dir, BundleImporter.files(dir, false), p -> { });

        assertEquals("a registration clerk registers patients but writes no chart", 1, report.count(Outcome.FAILED));
        assertTrue(report.failures().get(0).reason(), report.failures().get(0).reason().startsWith("OW-0403"));
        assertEquals(0, patientsWith("clerks"));
        assertEquals(0, rows("records_patient"));
    }

    @Test
    public void aMissingPathOrAFolderWithoutJsonIsRefusedAtOnce() throws Exception {
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> BundleImporter.files(folder.getRoot().toPath().resolve("no-such"), false));
        assertEquals("OW-1301", missing.code());
        assertTrue(missing.getMessage(), missing.getMessage().contains("no-such"));
        Path empty = folder.newFolder("empty").toPath();
        write(empty, "sub/deeper.json", "{}");
        assertEquals("OW-1302", assertThrows(InvalidInputException.class, () -> BundleImporter.files(empty, false)).code());
        assertEquals(1, BundleImporter.files(empty, true).size());
    }

    @Test
    public void theProgressBarFillsAsBundlesAreDone() {
        assertEquals("[>         ] 0/4 bundles, 0 resources", ProgressBar.render(new Progress(0, 4, 0, 0, null), 20));
        assertEquals("[=====>    ] 2/4 bundles, 31 resources, 1 failure",
                ProgressBar.render(new Progress(2, 4, 31, 1, "b.json"), 20));
        String full = ProgressBar.render(new Progress(40, 40, 310, 0, "z.json"), 80);
        assertTrue(full, full.startsWith("[" + "=".repeat(40) + "] 40/40 bundles, 310 resources"));
        assertTrue(full.length() <= 80);
    }

    @Test
    public void atATerminalTheLineIsRedrawnInPlaceAndElsewhereATenthOfTheFilesMakesALine() {
        java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
        ImportCommand.Display redrawn = new ImportCommand.Display(new java.io.PrintStream(terminal, true, StandardCharsets.UTF_8), 60);
        redrawn.show(new Progress(0, 2, 0, 0, null));
        redrawn.show(new Progress(2, 2, 7, 0, "b.json"));
        redrawn.finish();
        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(shown, shown.startsWith("\r[>"));
        assertTrue(shown, shown.endsWith("] 2/2 bundles, 7 resources\n"));
        assertFalse("one line only", shown.substring(0, shown.length() - 1).contains("\n"));

        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        ImportCommand.Display printed = new ImportCommand.Display(new java.io.PrintStream(log, true, StandardCharsets.UTF_8), 0);
        printed.show(new Progress(0, 100, 0, 0, null));
        for (int i = 1; i <= 100; i++) {
            printed.show(new Progress(i, 100, i * 3, 0, "f" + i + ".json"));
        }
        printed.finish();
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("after the first file, then at each tenth", 11, lines.size());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("\r"));
        assertTrue(lines.get(0), lines.get(0).endsWith("] 1/100 bundles, 3 resources"));
        assertTrue(lines.get(10), lines.get(10).endsWith("] 100/100 bundles, 300 resources"));
    }
}
