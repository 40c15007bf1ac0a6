/**
 * The electronic health record as other modules and plugins see it. Every method checks the
 * caller's permission and writes an audit record; failures are the typed exceptions of
 * {@code org.openward.platform.api.error}.
 */
@Export
@Version("1.3.0")
package org.openward.records.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
