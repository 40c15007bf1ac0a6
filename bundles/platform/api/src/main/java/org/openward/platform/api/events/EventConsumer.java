package org.openward.platform.api.events;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's interest in events. Register one as an OSGi service; the platform delivers every
 * event of its {@link #types()}, in outbox order, from where its cursor stands: from the first
 * event in the outbox when the cursor is new.
 *
 * <p>{@link #handle} runs in a JTA transaction that also advances the consumer's cursor: do the
 * work in it (the module's own {@code tx(...)} joins it) and the work and the advance commit
 * together. When {@code handle} throws, both roll back and the same event comes again later
 * (with a growing pause, reported by the health checks), and no later event is delivered before
 * it. The work runs as the platform ({@code system:events:<name>}), so what it does is audited
 * under that name.
 */
@ConsumerType
public interface EventConsumer {

    /**
     * The cursor's name, {@code <module>.<purpose>}, for example {@code pharmacy.allergy-rescreen}:
     * keep it across versions of the module, or the new version starts from the beginning.
     */
    String name();

    /** The event types delivered. */
    Set<String> types();

    /** Takes the event into account; throws to have it delivered again later. */
    void handle(DomainEvent event);
}
