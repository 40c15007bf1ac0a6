/**
 * Clinical decision support hooks, in the spirit of HL7 CDS Hooks: at points of the clinical
 * workflow (a chart opened, an order about to be signed) the platform asks every registered
 * {@link org.openward.platform.api.cds.CdsService} for advice, returned as
 * {@link org.openward.platform.api.cds.Card cards}. Modules that own a workflow call
 * {@link org.openward.platform.api.cds.CdsHooks}; plugins implement {@code CdsService}.
 */
@Export
@Version("1.0.0")
package org.openward.platform.api.cds;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
