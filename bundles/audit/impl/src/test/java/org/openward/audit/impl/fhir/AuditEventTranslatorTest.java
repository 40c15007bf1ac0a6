package org.openward.audit.impl.fhir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.openward.testing.FhirR4.assertValid;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.junit.Test;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditRecord;

public class AuditEventTranslatorTest {

    private final AuditEventTranslator translator = new AuditEventTranslator();

    private static AuditRecord record(AuditAction action, AuditOutcome outcome, String detail) {
        return new AuditRecord(42, Instant.parse("2026-11-21T08:15:30.123Z"), action, outcome, "dr.house", "HTTP",
                "192.0.2.7", "req-7", "p-1", "Patient", action == AuditAction.SEARCH ? null : "p-1", detail);
    }

    private static AuditEventEntityComponent entity(AuditEvent event, String role) {
        return event.getEntity().stream().filter(e -> role.equals(e.getRole().getCode())).findFirst().orElseThrow();
    }

    @Test
    public void everyKindOfRecordIsAValidR4AuditEvent() {
        for (AuditAction action : AuditAction.values()) {
            for (AuditOutcome outcome : AuditOutcome.values()) {
                assertValid(translator.toFhir(record(action, outcome, "detail of " + action)));
            }
        }
        assertValid(translator.toFhir(new AuditRecord(1, Instant.EPOCH, AuditAction.LOGIN, AuditOutcome.SUCCESS,
                "system:demo", "SYSTEM", "system", "r", null, null, null, null)));
    }

    @Test
    public void aPatientReadIsShapedAsBalpRestfulRead() {
        AuditEvent read = translator.toFhir(record(AuditAction.READ, AuditOutcome.SUCCESS, null));
        assertEquals("42", read.getIdElement().getIdPart());
        assertEquals("rest", read.getType().getCode());
        assertEquals("read", read.getSubtypeFirstRep().getCode());
        assertEquals("http://hl7.org/fhir/restful-interaction", read.getSubtypeFirstRep().getSystem());
        assertEquals(AuditEvent.AuditEventAction.R, read.getAction());
        assertEquals(AuditEvent.AuditEventOutcome._0, read.getOutcome());
        assertEquals(Instant.parse("2026-11-21T08:15:30.123Z"), read.getRecorded().toInstant());
        AuditEvent.AuditEventAgentComponent user = read.getAgentFirstRep();
        assertTrue(user.getRequestor());
        assertEquals("dr.house", user.getWho().getIdentifier().getValue());
        assertEquals("192.0.2.7", user.getNetwork().getAddress());
        assertEquals("Patient/p-1", entity(read, "1").getWhat().getReference());
        assertEquals("Patient/p-1", entity(read, "4").getWhat().getReference());
        assertTrue(read.getEntity().stream().anyMatch(e -> "XrequestId".equals(e.getType().getCode())
                && "req-7".equals(e.getWhat().getIdentifier().getValue())));
    }

    @Test
    public void aSearchCarriesItsQueryAndARefusalItsReason() {
        AuditEvent search = translator.toFhir(record(AuditAction.SEARCH, AuditOutcome.SUCCESS, "family=smi"));
        assertEquals("search-type", search.getSubtypeFirstRep().getCode());
        assertEquals(AuditEvent.AuditEventAction.E, search.getAction());
        assertEquals("family=smi", new String(entity(search, "24").getQuery(), StandardCharsets.UTF_8));

        AuditEvent denied = translator.toFhir(record(AuditAction.ACCESS_DENIED, AuditOutcome.DENIED, "records:patient:read"));
        assertEquals("110113", denied.getType().getCode());
        assertEquals("110132", denied.getSubtypeFirstRep().getCode());
        assertEquals(AuditEvent.AuditEventOutcome._4, denied.getOutcome());
        assertEquals("denied: records:patient:read", denied.getOutcomeDesc());
        assertTrue(denied.getSubtype().stream().anyMatch(c -> AuditEventTranslator.ACTION_SYSTEM.equals(c.getSystem())
                && "ACCESS_DENIED".equals(c.getCode())));

        AuditEvent login = translator.toFhir(record(AuditAction.LOGIN, AuditOutcome.SUCCESS, null));
        assertEquals("110114", login.getType().getCode());
        assertEquals("110122", login.getSubtypeFirstRep().getCode());
    }
}
