package org.openward.platform.api.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs FHIR R4 transaction Bundles for other bundles exactly as {@code POST /fhir} runs them for
 * HTTP clients: every entry is stored in one database transaction, or (on any failure) none is.
 * Entries are creates ({@code POST Type}) and updates ({@code PUT Type/id}); creates run first,
 * each after the entries it refers to, and a reference to another entry's {@code fullUrl}
 * ({@code urn:uuid:…}) becomes the id the server gave that entry.
 *
 * <p>The transaction runs as the caller bound to the thread (the platform's
 * {@link org.openward.platform.api.security.AccessControl}, for example
 * {@code callAsShellUser}): each entry goes through the {@link FhirResourceProvider} of its type,
 * which checks the caller's permissions and audits, as for a single HTTP request. There is no
 * other way in and nothing is checked on the caller's behalf. Like every request, a transaction
 * waits while a module is being updated (at most 30 seconds) rather than failing half-way.
 */
@ProviderType
public interface FhirTransactionService {

    /** The most entries one transaction takes. */
    int MAX_ENTRIES = 5000;

    /**
     * Runs a transaction.
     *
     * @param bundle a Bundle of type {@code transaction}; its resources may be changed (references
     *        between entries are replaced by the ids given)
     * @return a {@code transaction-response} Bundle: one entry per entry of the input, in its order,
     *         with {@code response.status} ({@code 201 Created} or {@code 200 OK}),
     *         {@code response.location} ({@code Type/id/_history/version}) and {@code response.etag}
     * @throws org.openward.platform.api.error.InvalidInputException when the Bundle or an entry is
     *         refused; {@link org.openward.platform.api.error.InvalidInputException#field()} names
     *         the element from the Bundle down, for example {@code entry[2].resource.code}, and the
     *         message names the entry; nothing was stored
     * @throws org.openward.platform.api.error.NotFoundException when an entry's type is not served
     *         (its module is not installed) or an update's record does not exist
     * @throws org.openward.platform.api.error.ConflictException when an update clashes with the stored record
     * @throws org.openward.platform.api.security.AccessDeniedException when the caller may not
     *         write one of the entries
     * @throws org.openward.platform.api.security.NotAuthenticatedException when no caller is bound
     */
    Bundle transaction(Bundle bundle);
}
