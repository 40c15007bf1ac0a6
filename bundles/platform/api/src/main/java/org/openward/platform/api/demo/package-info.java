/**
 * Synthetic demo data, loaded only when a site starts in demo mode (never in production). Each
 * module contributes its own, so a module's demo data comes and goes with the module.
 */
@Export
@Version("1.0.0")
package org.openward.platform.api.demo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
