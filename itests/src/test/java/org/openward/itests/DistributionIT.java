package org.openward.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureState;
import org.apache.karaf.features.FeaturesService;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import com.fasterxml.jackson.databind.JsonNode;

/** The distribution as built: everything resolves and starts, and the doors are shut by default. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends OpenWardTestSupport {

    @Inject
    FeaturesService features;

    @Test
    public void everyBundleResolvesAndStarts() {
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                notActive.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " state " + bundle.getState());
            }
        }
        assertEquals(List.of(), notActive);
    }

    /**
     * One transaction manager, so the pooled datasource is created once and stays: a second one
     * (Aries tx-control, which Karaf's "transaction" feature adds) made pax-jdbc drop and re-create
     * the datasource at boot, restarting every persistence unit under the first requests.
     */
    @Test
    public void exactlyOneTransactionManagerAndNoTransactionControl() throws Exception {
        assertEquals("TransactionManager services", 1,
                bundleContext.getServiceReferences(javax.transaction.TransactionManager.class, null).size());
        List<String> txControl = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName().startsWith("tx-control") || bundle.getSymbolicName().contains("tx.control")) {
                txControl.add(bundle.getSymbolicName());
            }
        }
        assertEquals(List.of(), txControl);
    }

    /**
     * A connection taken inside a JTA transaction dies with it: using it afterwards fails and
     * closing it late is harmless. The pool alone let a late close hand the connection back a
     * second time, and two transactions then shared one connection under concurrent writes.
     */
    @Test
    public void aConnectionEndsWithItsTransaction() throws Exception {
        javax.transaction.TransactionManager transactions = service(javax.transaction.TransactionManager.class);
        java.sql.Connection connection;
        transactions.begin();
        try {
            connection = runtimeDataSource().getConnection();
            connection.createStatement().close();
        } finally {
            transactions.commit();
        }
        try {
            connection.createStatement();
            org.junit.Assert.fail("a statement on a connection whose transaction has ended");
        } catch (java.sql.SQLException expected) {
            assertThat(expected.getMessage(), containsString("transaction that has ended"));
        }
        connection.close();
        assertTrue(connection.isClosed());
        try (java.sql.Connection fresh = runtimeDataSource().getConnection()) {
            assertTrue("the pool still serves", fresh.isValid(5));
        }
    }

    @Test
    public void everyOpenWardFeatureIsInstalledAndStarted() throws Exception {
        features.installFeature("openward-all");
        for (String name : List.of("openward-platform", "openward-audit", "openward-records", "openward-all")) {
            Feature feature = features.getFeature(name);
            assertTrue(name + " is installed", features.isInstalled(feature));
            assertEquals(name, FeatureState.Started, features.getState(feature.getId()));
        }
    }

    @Test
    public void capabilityStatementIsPublicAndListsExactlyTheInstalledTypes() {
        Http.Answer answer = http().get("/fhir/metadata", null);
        assertStatus(200, answer);
        assertThat(answer.header("Content-Type").orElse(""), startsWith(FHIR_JSON));
        CapabilityStatement statement = parse(CapabilityStatement.class, answer.body());
        assertEquals("4.0.1", statement.getFhirVersion().toCode());
        assertEquals(List.of("AllergyIntolerance", "AuditEvent", "Condition", "DiagnosticReport", "DocumentReference",
                "Encounter", "Immunization", "MedicationAdministration", "MedicationDispense", "MedicationRequest",
                "MedicationStatement", "Observation", "Patient"),
                statement.getRestFirstRep().getResource().stream()
                .map(CapabilityStatement.CapabilityStatementRestResourceComponent::getType).toList());
    }

    @Test
    public void everyOtherDoorNeedsAValidToken() {
        Http http = http();
        Http.Answer fhirWithout = http.get("/fhir/Patient", null);
        assertStatus(401, fhirWithout);
        assertEquals("Bearer realm=\"openward\"", fhirWithout.header("WWW-Authenticate").orElse(""));
        OperationOutcome outcome = parse(OperationOutcome.class, fhirWithout.body());
        assertEquals("login", outcome.getIssueFirstRep().getCode().toCode());

        assertStatus(401, http.get("/fhir/Patient?name=a", "not-a-token"));
        assertStatus(401, http.get("/fhir/Patient/123", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        Http.Answer apiWithout = http.get("/api/modules", null);
        assertStatus(401, apiWithout);
        assertEquals("OW-0401", read(apiWithout.body()).get("code").asText());
        assertStatus(401, http.get("/api/auth/me", null));
    }

    @Test
    public void theSignInPageIsServedWithoutAToken() {
        Http.Answer page = http().get("/", null);
        assertStatus(200, page);
        assertThat(page.body(), containsString("<title>OpenWard</title>"));
        assertThat(page.header("Content-Security-Policy").orElse(""), containsString("default-src 'self'"));
        assertStatus(404, http().get("/no-such-page.html", null));
        Http.Answer escape = http().get("/../etc/users.properties", null);
        assertTrue("refused: " + escape.status(), escape.status() == 400 || escape.status() == 404);
    }

    @Test
    public void theWebShellOffersEachRoleTheScreensItMayUse() throws Exception {
        assertStatus(401, http().get("/api/ui", null));
        JsonNode screens = read(http().get("/api/ui", loginAs("physician")).body());
        assertEquals(1, screens.size());
        assertEquals("patients", screens.get(0).get("route").asText());
        assertEquals("/ui/records/main.js", screens.get(0).get("script").asText());
        assertEquals("[]", http().get("/api/ui", loginAs("patient")).body());
        assertEquals("[]", http().get("/api/ui", loginAs("auditor")).body());

        Http.Answer script = http().get("/ui/records/main.js", null);
        assertStatus(200, script);
        assertThat(script.header("Content-Type").orElse(""), startsWith("text/javascript"));
        assertThat(script.header("Content-Security-Policy").orElse(""), containsString("default-src 'self'"));
        assertStatus(404, http().get("/ui/records/no-such-file.js", null));
        assertStatus(404, http().get("/ui/no-such-module/main.js", null));
        Http.Answer escape = http().get("/ui/records/..%2F..%2FMETA-INF%2FMANIFEST.MF", null);
        assertTrue("refused: " + escape.status(), escape.status() == 400 || escape.status() == 404);
    }

    @Test
    public void loginRefusesWrongPasswordsAndUnknownUsersAlike() {
        loginAs("physician");
        Http.Answer wrong = http().post("/api/auth/login", null, "application/json",
                "{\"username\":\"physician\",\"password\":\"not-the-password\"}");
        Http.Answer unknown = http().post("/api/auth/login", null, "application/json",
                "{\"username\":\"nobody-here\",\"password\":\"not-the-password\"}");
        assertStatus(401, wrong);
        assertStatus(401, unknown);
        assertEquals(read(wrong.body()).get("message"), read(unknown.body()).get("message"));

        Http.Answer missing = http().post("/api/auth/login", null, "application/json", "{\"username\":\"physician\"}");
        assertStatus(400, missing);
        assertEquals("password", read(missing.body()).get("field").asText());
        assertStatus(400, http().post("/api/auth/login", null, "application/json", "{not json"));
    }

    @Test
    public void logoutEndsTheSessionAtOnce() {
        String token = loginAs("nurse");
        assertStatus(200, http().get("/api/auth/me", token));
        assertStatus(204, http().post("/api/auth/logout", token, "application/json", ""));
        assertStatus(401, http().get("/api/auth/me", token));
    }

    /**
     * The modules' writes join the caller's JTA transaction: rolled back, a registration leaves
     * nothing behind, not even its audit record. Fails if the pool stops enlisting connections.
     */
    @Test
    public void aRolledBackTransactionLeavesNothingBehind() throws Exception {
        var access = service(org.openward.platform.api.security.AccessControl.class);
        var patients = service(org.openward.records.api.PatientService.class);
        javax.transaction.TransactionManager transactions = service(javax.transaction.TransactionManager.class);
        String family = uniqueName("Rolledback");
        String id;
        transactions.begin();
        try {
            id = access.callAsSystem("itest", () -> patients.register(org.openward.records.api.Patient.toRegister(
                    null, List.of(org.openward.records.api.PersonName.official(family, "Rita")), null, null, List.of(),
                    List.of(), List.of()))).id();
        } finally {
            transactions.rollback();
        }
        var query = org.openward.records.api.PatientQuery.builder()
                .family(org.openward.records.api.TextMatch.startsWith(family)).build();
        assertEquals("the patient was rolled back", 0,
                access.callAsSystem("itest", () -> patients.search(query)).total());
        assertEquals("so was its audit record", List.of(),
                auditTrail(org.openward.audit.api.AuditQuery.forPatient(id, 10)));
    }
}
