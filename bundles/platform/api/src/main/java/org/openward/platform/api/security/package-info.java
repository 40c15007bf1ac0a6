/**
 * The security context every OpenWard service method works in: who is calling, through which
 * door, and whether they hold a permission. The platform binds the caller for each HTTP request
 * and shell command; modules only ask.
 */
@Export
@Version("1.5.0")
package org.openward.platform.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
