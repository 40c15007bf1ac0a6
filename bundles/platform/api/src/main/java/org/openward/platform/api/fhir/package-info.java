/**
 * How a module serves FHIR R4 resources behind the platform's {@code /fhir} front door. A module
 * registers one {@link org.openward.platform.api.fhir.FhirResourceProvider} service per resource
 * type it owns; the platform parses and validates the HTTP request, authenticates the caller,
 * calls the provider, writes the response and lists the type in {@code /fhir/metadata} for as
 * long as the service is registered. Other bundles run transaction Bundles through the
 * {@link org.openward.platform.api.fhir.FhirTransactionService}, with the same providers and checks.
 */
@Export
@Version("1.4.0")
package org.openward.platform.api.fhir;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
