/**
 * Typed failures shared by every OpenWard module. Each carries a stable code ({@code OW-nnnn})
 * at the start of its message so that a support desk can look it up in docs/errors.md; the
 * front door turns each type into the matching HTTP status and, on {@code /fhir}, an
 * OperationOutcome.
 */
@Export
@Version("1.0.0")
package org.openward.platform.api.error;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
