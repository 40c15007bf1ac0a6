package org.openward.audit.impl.fhir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditQuery;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirSearch;

public class AuditEventSearchParametersTest {

    private static AuditQuery query(int count, String... nameValuePairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            parameters.computeIfAbsent(nameValuePairs[i], k -> new ArrayList<>()).add(nameValuePairs[i + 1]);
        }
        return AuditEventSearchParameters.toQuery(new FhirSearch(parameters, 10, count));
    }

    private static String refused(String... nameValuePairs) {
        return assertThrows(InvalidInputException.class, () -> query(20, nameValuePairs)).code();
    }

    @Test
    public void patientAgentDateAndActionNarrowTheQuery() {
        AuditQuery q = query(20, "patient", "Patient/p-1", "agent", "dr.house", "date", "ge2026-11-01", "date",
                "lt2026-11-21T12:00Z", "action", "C,U");
        assertEquals("p-1", q.patientId());
        assertEquals("dr.house", q.actor());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), q.since());
        assertEquals(Instant.parse("2026-11-21T12:00:00Z"), q.until());
        assertEquals(EnumSet.of(AuditAction.CREATE, AuditAction.UPDATE), q.actions());
        assertEquals(10, q.offset());
        assertEquals(20, q.limit());
        assertEquals("p-1", query(20, "patient", "p-1").patientId());
    }

    @Test
    public void executeCoversEveryActionThatIsNotCreateReadUpdateOrDelete() {
        Set<AuditAction> execute = query(5, "action", "E").actions();
        assertEquals(EnumSet.complementOf(EnumSet.of(AuditAction.CREATE, AuditAction.READ, AuditAction.UPDATE,
                AuditAction.DELETE)), execute);
        assertEquals(EnumSet.of(AuditAction.READ), query(5, "action", "http://hl7.org/fhir/audit-event-action|R").actions());
    }

    @Test
    public void aCountOfZeroStillAsksForTheTotal() {
        assertEquals(1, query(0).limit());
    }

    @Test
    public void badValuesAreRefusedNamingTheParameter() {
        assertEquals("OW-2101", refused("patient:missing", "true"));
        assertEquals("OW-2102", refused("agent", "a", "agent", "b"));
        assertEquals("OW-2103", refused("patient", "Practitioner/p-1"));
        assertEquals("OW-2103", refused("patient", "Patient/"));
        assertEquals("OW-2104", refused("action", "X"));
        assertEquals("OW-0027", refused("date", "yesterday"));
        assertEquals("OW-0023", refused("subtype", "read"));
    }
}
