package org.openward.platform.api.events;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The transactional outbox. Call it inside the transaction that makes the change the event
 * reports (the module's {@code tx(...)}): the event is stored with the change, or not at all, and
 * is delivered only after that transaction commits.
 */
@ProviderType
public interface EventPublisher {

    /**
     * Stores an event for delivery.
     *
     * @param type      {@code <module>.<what-happened>}: lower-case letters, digits, dots and dashes
     * @param patientId the patient it concerns, or {@code null}
     * @param subject   the record it concerns ({@code Type/id}), or {@code null}
     * @param data      codes and statuses consumers need (at most 4000 characters in all)
     * @return the event's id
     * @throws IllegalArgumentException when the type is malformed or the data too large
     */
    String publish(String type, String patientId, String subject, Map<String, String> data);
}
