package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.time.Duration;

import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.itests.support.ClinicalData;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Durable events between modules, in the distribution: an allergy recorded while the pharmacy is
 * stopped reaches it when it starts again, and sends the verified order back to the pharmacist,
 * exactly once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsIT extends OpenWardTestSupport {

    private static final String CONSUMER = "pharmacy.allergy-rescreen";
    private static final String AMOXICILLIN = "723";

    @Test
    public void anAllergyRecordedWhileThePharmacyIsStoppedReachesItWhenItIsBack() throws Exception {
        String physician = loginAs("physician");
        String pharmacist = loginAs("pharmacist");
        Patient patient = new Patient();
        patient.addName().setFamily(uniqueName("Eventful")).addGiven("Eve");
        String patientId = parse(Patient.class, http().post("/fhir/Patient", loginAs("registration"), FHIR_JSON,
                encode(patient)).body()).getIdElement().getIdPart();
        putOnCareTeam(patientId, "physician");
        Http.Answer ordered = http().post("/fhir/MedicationRequest", physician, FHIR_JSON,
                encode(ClinicalData.oralOnceADay(patientId, AMOXICILLIN, 500)));
        assertStatus(201, ordered);
        String orderId = parse(MedicationRequest.class, ordered.body()).getIdElement().getIdPart();
        assertStatus(200, http().post("/fhir/MedicationRequest/" + orderId + "/$verify", pharmacist, FHIR_JSON,
                encode(ClinicalData.parameters("decision", "verified"))));
        assertEquals("verified", verification(orderId, physician));
        await("the pharmacy's cursor", Duration.ofSeconds(60), () -> cursor()[0] >= 0);
        long processedBefore = cursor()[1];

        Bundle pharmacy = bundle("org.openward.pharmacy.impl");
        pharmacy.stop();
        try {
            assertStatus(201, http().post("/fhir/AllergyIntolerance", physician, FHIR_JSON,
                    encode(ClinicalData.penicillinAllergy(patientId))));
            await("the event to wait for the stopped pharmacy", Duration.ofSeconds(60),
                    () -> shell("openward:events", "ops", "admin").matches("(?s).*" + CONSUMER + "\\s*[|│]\\s*no\\b.*"));
            assertEquals("nothing processed while stopped", processedBefore, cursor()[1]);
        } finally {
            pharmacy.start();
        }

        await("the pharmacy to catch up", Duration.ofSeconds(120), () -> backlog() == 0);
        assertEquals("the order is back with the pharmacist", "pending", verification(orderId, physician));
        assertEquals("one event, taken into account once", processedBefore + 1, cursor()[1]);
        assertThat(shell("openward:modules", "ops", "admin"), containsString("openward-pharmacy"));
    }

    private String verification(String orderId, String token) {
        MedicationRequest order = parse(MedicationRequest.class, http().get("/fhir/MedicationRequest/" + orderId, token).body());
        for (Extension extension : order.getExtension()) {
            if (extension.getUrl().endsWith("verification")) {
                return extension.getExtensionString("status");
            }
        }
        throw new AssertionError("no verification on " + orderId);
    }

    private long[] cursor() {
        return eventCursor(CONSUMER);
    }

    private long backlog() {
        return eventBacklog(CONSUMER, "records.allergy-recorded");
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
