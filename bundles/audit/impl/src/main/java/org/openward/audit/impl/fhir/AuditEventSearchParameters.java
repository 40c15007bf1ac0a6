package org.openward.audit.impl.fhir;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditQuery;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirDateRange;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchParameter.Type;

/** The AuditEvent search parameters, turned into an {@link AuditQuery}. */
final class AuditEventSearchParameters {

    static final List<FhirSearchParameter> DECLARED = List.of(
            new FhirSearchParameter("patient", Type.REFERENCE, "The patient the record is about: Patient/id or id"),
            new FhirSearchParameter("agent", Type.REFERENCE, "The user who acted, by user name"),
            new FhirSearchParameter("date", Type.DATE,
                    "When it was recorded: a date or dateTime with prefix eq, ge, gt, le or lt; repeat for a range"),
            new FhirSearchParameter("action", Type.TOKEN, "C, R, U, D or E; comma-separated for any of them"));

    private AuditEventSearchParameters() {
    }

    /** A query for the page asked; with {@code _count=0}, for one record, to learn the total. */
    static AuditQuery toQuery(FhirSearch search) {
        AuditQuery query = AuditQuery.latest(Math.max(1, Math.min(search.count(), AuditQuery.MAX_LIMIT)))
                .offset(search.offset());
        for (String name : search.names()) {
            List<String> values = search.values(name);
            if (name.contains(":")) {
                throw new InvalidInputException("OW-2101", name, name + ": modifiers are not supported on AuditEvent");
            }
            if (!"date".equals(name) && values.size() > 1) {
                throw new InvalidInputException("OW-2102", name, name + ": give one value (comma-separated for any of several)");
            }
            String value = values.get(0);
            query = switch (name) {
                case "patient" -> query.patient(reference(name, value, "Patient"));
                case "agent" -> query.actor(reference(name, value, null));
                case "date" -> {
                    FhirDateRange range = FhirDateRange.parse(name, values);
                    yield query.since(range.from()).until(range.until());
                }
                case "action" -> query.actions(actions(value));
                default -> throw new InvalidInputException("OW-0023", name, "unknown search parameter '" + name + "'");
            };
        }
        return query;
    }

    /** The id in {@code Type/id} or a bare {@code id}. */
    private static String reference(String name, String value, String requiredType) {
        int slash = value.lastIndexOf('/');
        String id = value.substring(slash + 1);
        if (slash >= 0 && requiredType != null && !value.substring(0, slash).endsWith(requiredType)) {
            throw new InvalidInputException("OW-2103", name, name + ": '" + value + "' is not a reference to a " + requiredType);
        }
        if (id.isBlank() || id.length() > 128) {
            throw new InvalidInputException("OW-2103", name, name + ": '" + value + "' is not a reference");
        }
        return id;
    }

    private static Set<AuditAction> actions(String value) {
        Set<AuditAction> actions = EnumSet.noneOf(AuditAction.class);
        for (String code : value.split(",")) {
            String bare = code.substring(code.indexOf('|') + 1);
            AuditEventAction fhir;
            try {
                fhir = AuditEventAction.fromCode(bare);
            } catch (org.hl7.fhir.exceptions.FHIRException | IllegalArgumentException e) {
                throw new InvalidInputException("OW-2104", "action", "action: '" + code + "' is not C, R, U, D or E");
            }
            for (AuditAction action : AuditAction.values()) {
                if (AuditEventTranslator.action(action) == fhir) {
                    actions.add(action);
                }
            }
        }
        return actions;
    }
}
