/**
 * What a vendor plugs into the pharmacy: the drug interaction knowledge base. A plugin
 * registers an {@link org.openward.pharmacy.spi.InteractionKnowledgeBase} service; the order
 * checks ask every registered one and show what each finds, naming its source.
 */
@Export
@Version("1.0.0")
package org.openward.pharmacy.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
