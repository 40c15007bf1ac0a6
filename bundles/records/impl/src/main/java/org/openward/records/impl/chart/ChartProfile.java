package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the chart needs to know about one resource type: how to check a record of it, which
 * patient it belongs to, and what searches look at (its date, codes, categories and status).
 * One subclass per type; {@link ChartProfiles} lists them.
 *
 * @param <R> the HAPI FHIR class of the type
 */
abstract class ChartProfile<R extends DomainResource> {

    /** The search parameter names of this type, as FHIR R4 defines them for it. */
    record Parameters(String date, String code, String category, String status) {
    }

    /** What a search looks at in one record. */
    record Index(Instant date, String status, boolean enteredInError, List<Coding> codes,
            List<Coding> categories) {
    }

    /** Who is storing a version, and when. */
    record Author(String username, Instant at) {
    }

    private final Class<R> type;
    private final String patientElement;
    private final Parameters parameters;

    /** @param patientElement the element that refers to the patient: subject or patient */
    ChartProfile(Class<R> type, String patientElement, Parameters parameters) {
        this.type = type;
        this.patientElement = patientElement;
        this.parameters = parameters;
    }

    /** The resource type's name, for example {@code Observation}. */
    final String type() {
        return type.getSimpleName();
    }

    /** The type's name in permissions: {@code records:chart:read:observation}. */
    final String permissionName() {
        return type().toLowerCase(Locale.ROOT);
    }

    final Parameters parameters() {
        return parameters;
    }

    final R cast(DomainResource resource) {
        return type.cast(resource);
    }

    /** The name of the element that refers to the patient: {@code subject} or {@code patient}. */
    final String patientElement() {
        return patientElement;
    }

    /** The reference to the patient the record is about. */
    abstract Reference patient(R resource);

    /**
     * Checks a record before it is stored; the first fault found is thrown, naming the element.
     * The patient reference is already checked.
     */
    abstract void check(R resource, Checks checks);

    /**
     * Completes a record about to be stored as the next version of {@code previous} ({@code null}
     * for a new record): what the server sets itself (a signature, a computed flag). Refuses a
     * change the type's rules forbid.
     */
    void complete(R resource, R previous, Author author) {
        // most types store what they are given
    }

    /** The date searches and the chart's order go by; {@code null} when the record has none. */
    abstract Instant date(R resource);

    /** What the record is: its code(s). */
    abstract List<Coding> codes(R resource);

    /** Its categories (an Encounter's class). */
    abstract List<Coding> categories(R resource);

    /** Its status code, as the status search parameter matches it. */
    abstract String status(R resource);

    /** Whether the record is marked entered in error. */
    abstract boolean enteredInError(R resource);

    /** Marks the record entered in error. */
    abstract void markEnteredInError(R resource);

    /**
     * The event a change of such a record publishes, {@code records.<what>-recorded}, or
     * {@code null} when no module needs one (most types: an import of a million observations
     * should not write a million events).
     */
    String eventType() {
        return null;
    }

    /**
     * What the event says besides the ids: the codes ({@code system|code}, space separated), the
     * status, whether it was entered in error and the version; no free text.
     */
    final Map<String, String> eventData(R resource, int version) {
        return Map.of("codes", String.join(" ", codes(resource).stream()
                        .filter(c -> c.hasSystem() && c.hasCode()).map(c -> c.getSystem() + "|" + c.getCode()).toList()),
                "status", String.valueOf(status(resource)),
                "enteredInError", String.valueOf(enteredInError(resource)),
                "version", String.valueOf(version));
    }

    final Index index(R resource) {
        return new Index(date(resource), status(resource), enteredInError(resource), codes(resource),
                categories(resource));
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    static List<Coding> codings(CodeableConcept concept) {
        return concept == null ? List.of() : concept.getCoding();
    }

    static List<Coding> codings(List<CodeableConcept> concepts) {
        return concepts.stream().flatMap(c -> c.getCoding().stream()).toList();
    }

    static String code(CodeableConcept concept, String system) {
        if (concept != null) {
            for (Coding coding : concept.getCoding()) {
                if (system.equals(coding.getSystem())) {
                    return coding.getCode();
                }
            }
        }
        return null;
    }
}
