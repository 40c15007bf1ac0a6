package org.openward.pharmacy.spi;

import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of drug–drug interactions. Register one as an OSGi service to add to (or, with the
 * shipped one disabled in {@code etc/org.openward.pharmacy.cfg}, replace) the knowledge base the
 * order checks use. Every registered knowledge base is asked; each finding names its source.
 *
 * <p>Called while a prescriber waits: answer from memory, do not call out over the network. A
 * call that throws or takes longer than the configured limit (two seconds by default) is
 * skipped, and the order screen says which knowledge base could not be asked.
 */
@ConsumerType
public interface InteractionKnowledgeBase {

    /** The knowledge base's name and version, shown with every finding, for example {@code OpenWard DDI 2026.11}. */
    String name();

    /**
     * The interactions between the drug being ordered and the drugs the patient already takes
     * (active orders and recorded medications). Empty when there are none.
     */
    List<Interaction> interactions(DrugConcept proposed, Collection<DrugConcept> current);
}
