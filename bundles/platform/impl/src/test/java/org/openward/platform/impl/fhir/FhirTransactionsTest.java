package org.openward.platform.impl.fhir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.impl.modules.RequestGate;
import org.openward.platform.impl.users.PlatformDatabase;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;
import org.osgi.framework.Constants;

/**
 * The transaction service other bundles call, on a real (in-memory) Derby with the real platform
 * security: it runs as the bound caller through the providers of the one registry, stores every
 * entry or none, names the failing entry, waits for the gate, and the registry waits for a
 * provider that is coming back but not for one whose bundle is gone.
 */
public class FhirTransactionsTest {

    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private PlatformDatabase db;
    private FhirProviders providers;
    private RequestGate gate;
    private FhirTransactions transactions;
    private final AtomicInteger calls = new AtomicInteger();
    private final Set<Long> installed = new java.util.concurrent.CopyOnWriteArraySet<>();

    @Before
    public void setUp() throws Exception {
        platform = new Platform(database);
        platform.user("clerk", "registration");
        platform.user("chemist", "pharmacist");
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().execute("CREATE TABLE test_resource (id VARCHAR(64) PRIMARY KEY, type VARCHAR(64),"
                    + " subject VARCHAR(128))");
        }
        db = new PlatformDatabase(database.migrator(PlatformDatabase.class), database.jpa("openward-platform"),
                database.transactions());
        providers = new FhirProviders(installed::contains);
        providers.addProvider(new TableProvider("Patient"));
        providers.addProvider(new TableProvider("Observation"));
        gate = new RequestGate();
        transactions = new FhirTransactions(providers, gate, platform.security, db);
    }

    @After
    public void close() {
        database.close();
    }

    /**
     * Stores resources as rows of test_resource in the caller's transaction, after checking the
     * permission registration clerks hold; refuses an Observation without a code.
     */
    private final class TableProvider implements FhirResourceProvider {

        private final String type;

        TableProvider(String type) {
            this.type = type;
        }

        @Override
        public String resourceType() {
            return type;
        }

        @Override
        public Set<FhirInteraction> interactions() {
            return EnumSet.of(FhirInteraction.CREATE, FhirInteraction.READ);
        }

        @Override
        public List<FhirSearchParameter> searchParameters() {
            return List.of();
        }

        @Override
        public Resource create(Resource resource) {
            calls.incrementAndGet();
            platform.security.checkPermission("records:patient:create");
            if (resource instanceof Observation o && !o.hasCode()) {
                throw new InvalidInputException("OW-1201", "code", "an Observation needs a code");
            }
            String id = type.toLowerCase() + "-" + calls.get();
            String subject = resource instanceof Observation o ? o.getSubject().getReference() : "";
            db.tx(em -> em.createNativeQuery("INSERT INTO test_resource (id, type, subject) VALUES (?, ?, ?)")
                    .setParameter(1, id).setParameter(2, type).setParameter(3, subject).executeUpdate());
            Resource stored = resource.copy();
            stored.setId(id);
            stored.getMeta().setVersionId("1");
            return stored;
        }
    }

    private int rows() throws Exception {
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM test_resource")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String subjectOf(String id) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT subject FROM test_resource WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private <T> T as(String user, Supplier<T> work) {
        return platform.security.callWithToken(platform.login(user), "10.9.9.9", "req-" + user, work);
    }

    private static Bundle transaction(boolean observationCoded) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Observation observation = new Observation().setSubject(new Reference("urn:uuid:p1"));
        if (observationCoded) {
            observation.setCode(new CodeableConcept().setText("glucose"));
        }
        // the Observation comes first in the file but refers to the Patient: it is created after it
        bundle.addEntry().setFullUrl("urn:uuid:o1").setResource(observation)
                .getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
        bundle.addEntry().setFullUrl("urn:uuid:p1").setResource(new Patient())
                .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
        bundle.addEntry().setFullUrl("urn:uuid:p2").setResource(new Patient())
                .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
        return bundle;
    }

    @Test
    public void aTransactionRunsAsTheCallerAndStoresEveryEntryWithReferencesResolved() throws Exception {
        Bundle response = as("clerk", () -> transactions.transaction(transaction(true)));

        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(3, response.getEntry().size());
        String observation = response.getEntry().get(0).getResponse().getLocation();
        String patient = response.getEntry().get(1).getResponse().getLocation();
        assertTrue(observation, observation.matches("Observation/observation-\\d/_history/1"));
        assertTrue(patient, patient.matches("Patient/patient-\\d/_history/1"));
        assertEquals("201 Created", response.getEntry().get(0).getResponse().getStatus());
        assertFalse("no base URL, no fullUrl", response.getEntry().get(0).hasFullUrl());
        assertEquals(3, rows());
        assertEquals("the urn:uuid reference became the id given",
                patient.substring(0, patient.indexOf("/_history")), subjectOf(observation.split("/")[1]));
    }

    @Test
    public void aBadEntryIsNamedAndNothingOfTheTransactionIsStored() throws Exception {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> as("clerk", () -> transactions.transaction(transaction(false))));
        assertEquals("OW-1201", refused.code());
        assertEquals("entry[0].resource.code", refused.field());
        assertTrue(refused.getMessage(), refused.getMessage().contains("entry 0 (Observation)"));
        assertTrue("the Patient created before it went through its provider", calls.get() >= 2);
        assertEquals("the Patient created first is rolled back with the rest", 0, rows());
    }

    @Test
    public void theCallersPermissionsDecideAndThereIsNoCallWithoutACaller() throws Exception {
        assertThrows(AccessDeniedException.class, () -> as("chemist", () -> transactions.transaction(transaction(true))));
        assertEquals(0, rows());

        calls.set(0);
        assertThrows(NotAuthenticatedException.class, () -> transactions.transaction(transaction(true)));
        assertEquals("no provider is called without a caller", 0, calls.get());
        assertEquals(0, rows());
    }

    @Test
    public void onlyTransactionBundlesOfServedTypesAreTaken() {
        Bundle batch = transaction(true).setType(Bundle.BundleType.BATCH);
        assertEquals("OW-0040", assertThrows(InvalidInputException.class,
                () -> as("clerk", () -> transactions.transaction(batch))).code());

        Bundle unknown = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        unknown.addEntry().setResource(new org.hl7.fhir.r4.model.Basic()).getRequest().setMethod(HTTPVerb.POST).setUrl("Basic");
        assertEquals("OW-0010", assertThrows(NotFoundException.class,
                () -> as("clerk", () -> transactions.transaction(unknown))).code());
    }

    @Test
    public void aTransactionWaitsWhileTheGateIsClosedForAModuleUpdate() throws Exception {
        CompletableFuture<Bundle> running;
        try (RequestGate.Closed closed = gate.close(Duration.ofSeconds(5))) {
            String token = platform.login("clerk");
            running = CompletableFuture.supplyAsync(() -> platform.security.callWithToken(token, "10.9.9.9", "req",
                    () -> transactions.transaction(transaction(true))));
            assertThrows(TimeoutException.class, () -> running.get(300, TimeUnit.MILLISECONDS));
            assertEquals("nothing ran while the gate was closed", 0, calls.get());
        }
        assertEquals(3, running.get(10, TimeUnit.SECONDS).getEntry().size());
        assertEquals(3, rows());
    }

    @Test
    public void theRegistryWaitsForAProviderComingBackButNotForOneWhoseBundleIsGone() throws Exception {
        FhirResourceProvider first = providers.provider("Patient");
        installed.add(42L);
        providers.removeProvider(first, Map.of(Constants.SERVICE_BUNDLEID, 42L));
        CompletableFuture<FhirResourceProvider> waiting = CompletableFuture.supplyAsync(() -> providers.provider("Patient"));
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        FhirResourceProvider second = new TableProvider("Patient");
        providers.addProvider(second);
        assertSame(second, waiting.get(5, TimeUnit.SECONDS));

        providers.removeProvider(second, Map.of(Constants.SERVICE_BUNDLEID, 43L));
        long started = System.nanoTime();
        assertNull("bundle 43 is uninstalled", providers.provider("Patient"));
        assertNull("nobody ever served it", providers.provider("Basic"));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1));
        assertEquals("OW-0010", assertThrows(NotFoundException.class,
                () -> providers.provider("Patient", FhirInteraction.CREATE)).code());
        assertThrows(UnsupportedOperationException.class, () -> providers.provider("Observation", FhirInteraction.UPDATE));
        assertEquals(List.of("Observation"), providers.all().stream().map(FhirResourceProvider::resourceType).toList());
    }
}
