package org.openward.platform.api.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in a module, as its consumers receive it.
 *
 * @param position  where the event stands in the outbox: consumers receive events in this order
 * @param id        unique (a UUID)
 * @param type      {@code <module>.<what-happened>}, for example {@code records.allergy-recorded}
 * @param source    the publishing module, for example {@code records}
 * @param patientId the patient it concerns, or {@code null}
 * @param subject   the record it concerns, for example {@code AllergyIntolerance/42}, or {@code null}
 * @param occurred  when it was published
 * @param data      what consumers need besides ids: codes, statuses; never free text about the patient
 */
public record DomainEvent(long position, String id, String type, String source, String patientId, String subject,
        Instant occurred, Map<String, String> data) {

    public DomainEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurred, "occurred");
        data = Map.copyOf(data);
    }
}
