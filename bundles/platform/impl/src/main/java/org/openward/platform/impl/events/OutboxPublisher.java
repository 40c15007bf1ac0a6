package org.openward.platform.impl.events;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.openward.platform.api.events.EventPublisher;
import org.openward.platform.impl.users.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes events into the outbox table with the platform's persistence unit, which joins the
 * caller's JTA transaction: the event commits or rolls back with the change it reports.
 */
@Component
public class OutboxPublisher implements EventPublisher {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9.-]{1,100}");

    private final PlatformDatabase db;
    private final Clock clock;

    @Activate
    public OutboxPublisher(@Reference PlatformDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** For tests outside OSGi. */
    public OutboxPublisher(PlatformDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String publish(String type, String patientId, String subject, Map<String, String> data) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("not an event type (<module>.<what-happened>): " + type);
        }
        String json = EventData.write(data);
        String id = UUID.randomUUID().toString();
        db.tx(em -> {
            try (OutboxTables outbox = new OutboxTables(em)) {
                outbox.insert(id, type, type.substring(0, type.indexOf('.')), patientId, subject, clock.instant(), json);
            }
            return null;
        });
        return id;
    }
}
