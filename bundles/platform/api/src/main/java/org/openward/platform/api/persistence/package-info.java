/**
 * Schema ownership: each module keeps its own tables and versioned migrations, applied when the
 * module starts. Migrations follow expand/contract so that two versions of a module can share
 * the schema during an update. {@link Transactions} repeats a transaction the database refused
 * for contention.
 */
@Export
@Version("1.2.0")
package org.openward.platform.api.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
