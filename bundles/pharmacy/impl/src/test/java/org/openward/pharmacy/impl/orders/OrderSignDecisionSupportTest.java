package org.openward.pharmacy.impl.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.AlertKind;
import org.openward.pharmacy.impl.TestPharmacy;
import org.openward.pharmacy.spi.Severity;
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHook;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.platform.api.cds.CdsService;
import org.openward.platform.api.error.OpenWardException;
import org.openward.records.api.Patient;
import org.openward.testing.TestDatabase;

/** The order-sign hook: plugins' cards on a draft order act as alerts; a failing plugin does not stop ordering. */
public class OrderSignDecisionSupportTest {

    private static final String PLUGIN = "com.example.openward.stewardship";
    private static final String AMOXICILLIN = "723";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private final CountDownLatch release = new CountDownLatch(1);
    private TestPharmacy pharmacy;
    private Patient adult;

    @Before
    public void setUp() {
        pharmacy = new TestPharmacy(database, folder.getRoot().toPath());
        adult = pharmacy.admit("Signer", LocalDate.of(1970, 1, 9), 80.0);
    }

    @After
    public void close() {
        release.countDown();
        database.close();
    }

    private MedicationRequest amoxicillin() {
        return TestPharmacy.order(adult.id(), AMOXICILLIN, 500, "mg", TestPharmacy.ORAL, 3, 1, "d");
    }

    @Test
    public void aCriticalCardStopsTheOrderUntilOverriddenAndThePluginSeesTheDraft() {
        AtomicReference<CdsRequest> asked = new AtomicReference<>();
        plugin(request -> {
            asked.set(request);
            return List.of(new Card("Antibiotic needs an indication", "Stewardship policy 4.2.", Card.Indicator.CRITICAL,
                    "Antimicrobial stewardship", null));
        });
        Alert card = pharmacy.as("dr.grey", () -> pharmacy.orders.check(amoxicillin())).stream()
                .filter(a -> a.kind() == AlertKind.DECISION_SUPPORT).findFirst().orElseThrow();
        assertEquals(Severity.HIGH, card.severity());
        assertThat(card.key(), containsString("decision-support:" + PLUGIN + "/stewardship:"));
        assertEquals("Antibiotic needs an indication Stewardship policy 4.2.", card.message());
        assertEquals(adult.id(), asked.get().patientId());
        assertEquals(AMOXICILLIN, ((MedicationRequest) asked.get().draftOrders().get(0))
                .getMedicationCodeableConcept().getCodingFirstRep().getCode());

        try {
            pharmacy.as("dr.grey", () -> pharmacy.orders.order(amoxicillin()));
            fail("a critical card must stop the order");
        } catch (OpenWardException e) {
            assertEquals("OW-1510", e.code());
            assertThat(e.getMessage(), containsString(card.key()));
        }
        MedicationRequest placed = pharmacy.as("dr.grey", () -> pharmacy.orders.order(
                TestPharmacy.override(amoxicillin(), card.key(), "community-acquired pneumonia")));
        DetectedIssue issue = (DetectedIssue) placed.getContained().get(0);
        assertEquals(card.key(), issue.getIdentifierFirstRep().getValue());
        assertEquals("overridden", issue.getMitigationFirstRep().getAction().getCodingFirstRep().getCode());
    }

    @Test
    public void aHungPluginIsReportedAsACheckThatCouldNotRunAndTheOrderGoesThrough() {
        plugin(request -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        });
        MedicationRequest placed = pharmacy.as("dr.grey", () -> pharmacy.orders.order(amoxicillin()));
        DetectedIssue issue = (DetectedIssue) placed.getContained().get(0);
        assertEquals("check-unavailable:" + PLUGIN + "/stewardship", issue.getIdentifierFirstRep().getValue());
        assertTrue(issue.getDetail(), issue.getDetail().contains("did not answer within 500 ms"));
    }

    private void plugin(Function<CdsRequest, List<Card>> answer) {
        pharmacy.records.platform.decisionSupport.register("stewardship", PLUGIN, new CdsService() {
            @Override
            public String id() {
                return "stewardship";
            }

            @Override
            public String title() {
                return "Antibiotic stewardship";
            }

            @Override
            public Set<CdsHook> hooks() {
                return Set.of(CdsHook.ORDER_SIGN);
            }

            @Override
            public List<Card> invoke(CdsRequest request) {
                return answer.apply(request);
            }
        });
    }
}
