/**
 * The pharmacy as other modules, the web UI and plugins see it: medication orders with safety
 * checks ({@link org.openward.pharmacy.api.MedicationOrders}), pharmacist verification,
 * dispensing from stock ({@link org.openward.pharmacy.api.Dispensing}) and barcode medication
 * administration ({@link org.openward.pharmacy.api.MedicationAdministrations}). Records are FHIR
 * R4 resources: MedicationRequest, MedicationDispense, MedicationAdministration.
 *
 * <p>Every method checks the caller's permission ({@code pharmacy:<object>:<action>}) and writes
 * an audit record, refusals and stops included; failures are the typed exceptions of
 * {@code org.openward.platform.api.error}, each with a code listed in docs/errors.md.
 */
@Export
@Version("1.1.0")
package org.openward.pharmacy.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
