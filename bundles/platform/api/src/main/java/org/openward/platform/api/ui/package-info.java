/**
 * The web UI grows with the modules: a module registers a {@link org.openward.platform.api.ui.UiContribution}
 * service and the platform's web shell shows its screen to the users allowed to see it. When the
 * module goes, so does its screen.
 */
@Export
@Version("1.0.0")
package org.openward.platform.api.ui;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
