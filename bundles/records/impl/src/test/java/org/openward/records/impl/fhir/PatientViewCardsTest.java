package org.openward.records.impl.fhir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
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
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHook;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.platform.api.cds.CdsService;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.Patient;
import org.openward.records.api.PersonName;
import org.openward.records.impl.PatientServiceImpl;
import org.openward.records.impl.TestRecords;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/**
 * {@code $cds-patient-view}: a plugin's cards for the chart being opened. The plugin reads the
 * chart through the records API as the user, and the trail names the plugin for each of its reads.
 */
public class PatientViewCardsTest {

    private static final String PLUGIN = "com.example.openward.cds";
    private static final FhirSearch NO_PARAMETERS = new FhirSearch(Map.of(), 0, 20);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private JpaAuditTrail audit;
    private PatientServiceImpl patients;
    private PatientFhirProvider provider;
    private String inCare;
    private String other;
    private final AtomicInteger calls = new AtomicInteger();

    @Before
    public void setUp() {
        TestRecords records = new TestRecords(database, folder.getRoot().toPath());
        platform = records.platform;
        audit = records.audit;
        patients = records.patients;
        provider = new PatientFhirProvider(patients, records.chart, platform.security, platform.decisionSupport);
        platform.user("clerk", "registration");
        platform.user("dr.grey", "physician");
        platform.user("privacy", "auditor");
        inCare = register("Carefield");
        other = register("Elsewhere");
        as("clerk", () -> {
            records.care.joinCareTeam(inCare, "dr.grey");
            return null;
        });
    }

    @After
    public void close() {
        database.close();
    }

    @Test
    public void thePluginsCardsComeWithTheChartAndItsReadsAreAuditedWithItsId() {
        plugin(request -> {
            Patient patient = patients.get(request.patientId());
            return List.of(new Card("Blood pressure check due for " + patient.names().get(0).family(),
                    "Last reading over a year ago.", Card.Indicator.WARNING, "Example Guidelines", "https://example.org/bp"));
        });

        Parameters cards = as("dr.grey", () -> (Parameters) provider.instanceOperation(inCare, CdsCards.OPERATION,
                NO_PARAMETERS));

        ParametersParameterComponent card = cards.getParameter().get(0);
        assertEquals("card", card.getName());
        assertEquals("Blood pressure check due for Carefield", part(card, "summary"));
        assertEquals("warning", part(card, "indicator"));
        assertEquals(PLUGIN, part(card, "plugin"));
        assertEquals("bp-check", part(card, "service"));

        List<AuditRecord> reads = trail(inCare).stream()
                .filter(r -> r.action() == AuditAction.READ && "dr.grey".equals(r.actor())).toList();
        assertEquals("the chart opened by the user, and the plugin's read: " + reads, 2, reads.size());
        assertEquals(List.of(PLUGIN), reads.stream().filter(r -> r.plugin() != null).map(AuditRecord::plugin).toList());
    }

    @Test
    public void aPluginHasTheUsersPermissionsOnlyAndItsRefusedReadIsAuditedWithItsId() {
        plugin(request -> List.of(new Card("Also seen: " + patients.get(other).names().get(0).family(), null,
                Card.Indicator.INFO, "Nosy plugin", null)));

        Parameters cards = as("dr.grey", () -> (Parameters) provider.instanceOperation(inCare, CdsCards.OPERATION,
                NO_PARAMETERS));

        ParametersParameterComponent unavailable = cards.getParameter().get(0);
        assertEquals("unavailable", unavailable.getName());
        assertEquals("it was refused access (a plugin has the user's permissions, no more)", part(unavailable, "reason"));
        AuditRecord denied = trail(other).stream().filter(r -> r.action() == AuditAction.ACCESS_DENIED).findFirst()
                .orElseThrow();
        assertEquals("dr.grey", denied.actor());
        assertEquals(AuditOutcome.DENIED, denied.outcome());
        assertEquals(PLUGIN, denied.plugin());
    }

    @Test
    public void noPluginIsAskedAboutAChartTheUserMayNotOpen() {
        plugin(request -> List.of());
        assertThrows(AccessDeniedException.class, () -> as("dr.grey",
                () -> provider.instanceOperation(other, CdsCards.OPERATION, NO_PARAMETERS)));
        assertEquals(0, calls.get());
    }

    private void plugin(Function<CdsRequest, List<Card>> answer) {
        platform.decisionSupport.register("bp", PLUGIN, new CdsService() {
            @Override
            public String id() {
                return "bp-check";
            }

            @Override
            public String title() {
                return "Blood pressure reminders";
            }

            @Override
            public Set<CdsHook> hooks() {
                return Set.of(CdsHook.PATIENT_VIEW);
            }

            @Override
            public List<Card> invoke(CdsRequest request) {
                calls.incrementAndGet();
                return answer.apply(request);
            }
        });
    }

    private static String part(ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow()
                .getValue().primitiveValue();
    }

    private List<AuditRecord> trail(String patientId) {
        return as("privacy", () -> audit.search(AuditQuery.forPatient(patientId, 50)).records());
    }

    private String register(String family) {
        return as("clerk", () -> patients.register(Patient.toRegister(null, List.of(PersonName.official(family, "Cora")),
                LocalDate.of(1961, 4, 2), AdministrativeGender.FEMALE, List.of(), List.of(), List.of()))).id();
    }

    private <T> T as(String user, Supplier<T> work) {
        return platform.security.callWithToken(platform.login(user), "10.9.9.9", "req-" + user, work);
    }
}
