/**
 * The audit trail. Every read, search and write of patient data, and every decision at a door
 * of the platform, is recorded: who, what, which patient and resource, when, from where, with
 * which outcome. Records are append-only; there is no way to change or remove one.
 */
@Export
@Version("2.1.0")
package org.openward.audit.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
