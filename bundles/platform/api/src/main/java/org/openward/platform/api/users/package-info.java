/** Accounts and roles of the people who use OpenWard. */
@Export
@Version("1.2.0")
package org.openward.platform.api.users;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
