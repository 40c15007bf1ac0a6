package org.openward.platform.impl.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;


import org.openward.platform.api.events.DomainEvent;
import org.openward.platform.api.events.EventConsumer;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.users.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox to the registered {@link EventConsumer}s, on one thread of its own:
 * <ol>
 * <li>the sequencer gives committed events their positions (see V9__event_outbox.sql);</li>
 * <li>each consumer gets its next events, one transaction per event: the cursor row is locked
 * (so that two runtimes on one database never deliver the same event twice), the event is
 * handled as {@code system:events:<name>}, and the cursor moves on; all commit together.</li>
 * </ol>
 * A consumer whose handler throws gets the same event again after a pause that doubles up to a
 * minute; a consumer that comes back (a module updated or restarted) is tried again at once.
 */
@Component(service = EventDispatcher.class)
public class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Duration IDLE = Duration.ofMillis(200);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofMinutes(1);
    private static final int SEQUENCE_BATCH = 500;
    private static final int DELIVERY_BATCH = 100;

    /** A registered consumer and when it may be tried again after a failure. */
    private static final class Registered {
        final EventConsumer consumer;
        final String name;
        final Set<String> types;
        volatile Instant retryAt = Instant.MIN;
        volatile Duration pause = FIRST_RETRY;

        Registered(EventConsumer consumer, String name, Set<String> types) {
            this.consumer = consumer;
            this.name = name;
            this.types = types;
        }
    }

    private final PlatformDatabase db;
    private final AccessControl access;
    private final Clock clock;
    private final Map<EventConsumer, Registered> consumers = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private volatile boolean running;
    private Thread thread;

    @Activate
    public EventDispatcher(@Reference PlatformDatabase db, @Reference AccessControl access) {
        this(db, access, Clock.systemUTC());
    }

    /** For tests outside OSGi: call {@link #deliverAll()} instead of {@link #start()}. */
    public EventDispatcher(PlatformDatabase db, AccessControl access, Clock clock) {
        this.db = db;
        this.access = access;
        this.clock = clock;
    }

    @Activate
    void start() {
        running = true;
        thread = new Thread(this::run, "openward-events");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Lets the thread finish the event it is delivering, without interrupting it: an interrupt
     * inside embedded Derby's file I/O closes the database file under every connection, and
     * Derby's shutdown then waited minutes for the file to come back.
     */
    @Deactivate
    void stop() throws InterruptedException {
        running = false;
        wake();
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addConsumer(EventConsumer consumer) {
        String name = consumer.name();
        Set<String> types = Set.copyOf(consumer.types());
        if (consumers.values().stream().anyMatch(r -> r.name.equals(name))) {
            LOG.error("Event consumer {} ({}) ignored: another consumer already has that name", name, consumer);
            return;
        }
        consumers.put(consumer, new Registered(consumer, name, types));
        LOG.info("Event consumer {} registered for {}", name, new TreeSet<>(types));
        wake();
    }

    public void removeConsumer(EventConsumer consumer) {
        Registered gone = consumers.remove(consumer);
        if (gone != null) {
            LOG.info("Event consumer {} unregistered; its cursor waits for it", gone.name);
        }
    }

    /** The consumers registered now, by name. */
    public Map<String, Set<String>> registered() {
        Map<String, Set<String>> names = new TreeMap<>();
        consumers.values().forEach(r -> names.put(r.name, r.types));
        return names;
    }

    /** Makes the thread look at the outbox now rather than after its pause. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            boolean busy;
            try {
                busy = deliverAll();
            } catch (RuntimeException e) {
                LOG.error("Event delivery failed; trying again shortly", e);
                busy = false;
            }
            if (!busy) {
                synchronized (signal) {
                    try {
                        signal.wait(IDLE.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * One round: sequences what has committed, then gives every consumer that is due up to a batch
     * of its events.
     *
     * @return whether anything was done (so that another round should follow at once)
     */
    public boolean deliverAll() {
        boolean busy = sequence() > 0;
        for (Registered registered : new ArrayList<>(consumers.values())) {
            if (!running && thread != null) {
                break;
            }
            if (clock.instant().isBefore(registered.retryAt)) {
                continue;
            }
            for (int i = 0; i < DELIVERY_BATCH; i++) {
                if (!deliverNext(registered)) {
                    break;
                }
                busy = true;
            }
        }
        return busy;
    }

    /** Gives committed events without a position the next positions, in one transaction. */
    int sequence() {
        return db.tx(em -> {
            try (OutboxTables outbox = new OutboxTables(em)) {
                return outbox.sequence(SEQUENCE_BATCH);
            }
        });
    }

    /** Delivers the consumer's next event, if there is one; a failure is recorded and delays the consumer. */
    private boolean deliverNext(Registered registered) {
        try {
            boolean delivered = db.tx(em -> {
                try (OutboxTables outbox = new OutboxTables(em)) {
                    DomainEvent next = outbox.next(outbox.lockCursor(registered.name, registered.types, clock.instant()),
                            registered.types);
                    if (next == null) {
                        return false;
                    }
                    access.callAsSystem("events:" + registered.name, () -> {
                        registered.consumer.handle(next);
                        return null;
                    });
                    outbox.advance(registered.name, next.position(), clock.instant());
                    return true;
                }
            });
            registered.pause = FIRST_RETRY;
            return delivered;
        } catch (RuntimeException e) {
            failed(registered, e);
            return false;
        }
    }

    /**
     * Where a consumer stands.
     *
     * @param registered whether its module is running now (a stopped consumer's cursor waits)
     * @param backlog    events of its types past its cursor
     */
    public record Cursor(String consumer, Set<String> types, long position, long processed, long backlog, int failures,
            String lastError, Instant updatedAt, boolean registered) {
    }

    /** Every cursor in the database, whether its consumer runs now or not, by name. */
    public List<Cursor> cursors() {
        Set<String> running = registered().keySet();
        return db.tx(em -> {
            try (OutboxTables outbox = new OutboxTables(em)) {
                return outbox.cursors(running);
            }
        });
    }

    /** Events that have committed but have no position yet (the sequencer takes them shortly). */
    public long unsequenced() {
        return db.tx(em -> {
            try (OutboxTables outbox = new OutboxTables(em)) {
                return outbox.unsequenced();
            }
        });
    }

    private void failed(Registered registered, RuntimeException failure) {
        Duration pause = registered.pause;
        registered.retryAt = clock.instant().plus(pause);
        registered.pause = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
        String error = failure.getClass().getSimpleName() + ": " + String.valueOf(failure.getMessage());
        LOG.warn("Event consumer {} failed; the same event comes again in {} ms", registered.name, pause.toMillis(), failure);
        try {
            db.tx(em -> {
                try (OutboxTables outbox = new OutboxTables(em)) {
                    outbox.failed(registered.name, error, clock.instant());
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot record the failure of event consumer {}", registered.name, e);
        }
    }
}
