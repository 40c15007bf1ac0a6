package org.openward.records.api;

import java.util.List;

import org.hl7.fhir.r4.model.DomainResource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A patient's clinical record: encounters, problems, allergies, medications, observations (labs
 * and vital signs), diagnostic reports, immunizations and clinical notes, each kept as a FHIR R4
 * resource with every version. Records are never deleted: a wrong one is marked entered in error,
 * with a reason, and stays in the history.
 *
 * <p>Permissions are {@code records:<reach>:<action>:<type>}: the reach is {@code chart} (any
 * patient), {@code chart-in-care} (patients in the caller's care or under their break-glass grant)
 * or {@code chart-own} (a portal account's own record); the action {@code read} (reads and
 * searches) or {@code write} (creates, updates, corrections); the type the resource type in lower
 * case. {@code records:chart-in-care:read,write} lets a clinician read and write every part of
 * the charts in their care; {@code records:chart:read:encounter,condition} lets billing read
 * encounters and problems of any patient and nothing else. Every call is audited, refusals and
 * failures included.
 */
@ProviderType
public interface ChartService {

    /** The resource types of a chart, in the order a chart shows them. */
    List<String> RESOURCE_TYPES = List.of("Encounter", "Condition", "AllergyIntolerance", "MedicationStatement",
            "Observation", "DiagnosticReport", "Immunization", "DocumentReference");

    /** The extension (a valueString) that says why a record was marked entered in error. */
    String STATUS_REASON_EXTENSION = "https://openward.org/fhir/StructureDefinition/status-reason";

    /**
     * Stores a new record, version 1, with a new id. Its patient must exist.
     *
     * @throws org.openward.platform.api.error.InvalidInputException naming the element at fault
     */
    DomainResource create(DomainResource resource);

    /** The current version of a record. */
    DomainResource read(String type, String id);

    /** One version of a record. */
    DomainResource readVersion(String type, String id, int version);

    /** Every version of a record, the newest first. */
    List<DomainResource> history(String type, String id);

    /**
     * Stores the next version of a record. When the resource carries {@code meta.versionId}, it
     * must be the current version (otherwise another user changed the record meanwhile: 409).
     * Setting the status to entered-in-error needs the reason in {@link #STATUS_REASON_EXTENSION};
     * a record entered in error no longer changes.
     */
    DomainResource update(String type, String id, DomainResource resource);

    /** Marks a record entered in error, keeping it and every earlier version. */
    DomainResource enterInError(String type, String id, String reason);

    /** Finds one patient's records of one type. */
    ChartPage search(ChartQuery query);

    /**
     * A page of everything in a patient's chart: every type the caller may read, records in
     * error left out, the newest first within each type.
     */
    ChartPage everything(String patientId, int offset, int count);
}
