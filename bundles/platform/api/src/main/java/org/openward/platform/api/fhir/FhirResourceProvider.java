package org.openward.platform.api.fhir;

import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Resource;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves one FHIR resource type behind {@code /fhir}. Register it as an OSGi service. The front
 * door calls only the interactions {@link #interactions()} lists; the caller is already
 * authenticated and bound to the thread, but the provider (or the service behind it) checks
 * the permission and writes the audit record, as every service method in OpenWard does.
 *
 * <p>Failures are reported with the exceptions of {@code org.openward.platform.api.error}:
 * {@code InvalidInputException} (400), {@code NotFoundException} (404),
 * {@code ConflictException} (409); the front door turns them into an OperationOutcome.
 */
@ConsumerType
public interface FhirResourceProvider {

    /** The resource type served, for example {@code Patient}. */
    String resourceType();

    /** The interactions this provider supports. */
    Set<FhirInteraction> interactions();

    /** The search parameters understood by {@link #search(FhirSearch)}. */
    List<FhirSearchParameter> searchParameters();

    /** Reads the current version of a resource. */
    default Resource read(String id) {
        throw new UnsupportedOperationException("read");
    }

    /** Creates a resource; the id in the input is ignored. Returns it as stored. */
    default Resource create(Resource resource) {
        throw new UnsupportedOperationException("create");
    }

    /** Replaces the resource with this id. Returns it as stored, with its new version. */
    default Resource update(String id, Resource resource) {
        throw new UnsupportedOperationException("update");
    }

    /** Finds resources; parameters and paging are already checked by the front door. */
    default FhirSearchResult search(FhirSearch search) {
        throw new UnsupportedOperationException("search");
    }

    /**
     * Reads one version of a resource, the current one or an earlier one.
     *
     * @throws org.openward.platform.api.error.NotFoundException when there is no such resource or version
     */
    default Resource readVersion(String id, String version) {
        throw new UnsupportedOperationException("vread");
    }

    /** Every version of a resource, the newest first. */
    default List<Resource> history(String id) {
        throw new UnsupportedOperationException("history-instance");
    }

    /**
     * The names (without the {@code $}) of the operations this provider runs on one resource
     * ({@code GET /fhir/Type/id/$name}), for example {@code everything} on Patient.
     */
    default Set<String> instanceOperations() {
        return Set.of();
    }

    /**
     * Runs an operation {@link #instanceOperations()} lists on one resource. Parameters are
     * passed as a search, unchecked: the provider checks them.
     *
     * @return the operation's answer, usually a Bundle
     */
    default Resource instanceOperation(String id, String operation, FhirSearch parameters) {
        throw new UnsupportedOperationException("$" + operation);
    }

    /**
     * Runs an operation {@link #instanceOperations()} lists on one resource with a body
     * ({@code POST /fhir/Type/id/$name}), usually a Parameters resource. Operations that change
     * something are posted; the query string, if any, comes as {@code parameters}.
     */
    default Resource instanceOperation(String id, String operation, FhirSearch parameters, Resource input) {
        throw new UnsupportedOperationException("$" + operation);
    }

    /**
     * The names (without the {@code $}) of the operations this provider runs on its type as a
     * whole ({@code GET} or {@code POST /fhir/Type/$name}), for example {@code check} on
     * MedicationRequest.
     */
    default Set<String> typeOperations() {
        return Set.of();
    }

    /**
     * Runs an operation {@link #typeOperations()} lists. For {@code GET} the query string comes
     * as {@code parameters} (unchecked: the provider checks them) and {@code input} is
     * {@code null}; for {@code POST} {@code input} is the body.
     */
    default Resource typeOperation(String operation, FhirSearch parameters, Resource input) {
        throw new UnsupportedOperationException("$" + operation);
    }
}
