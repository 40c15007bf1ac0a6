package org.openward.platform.impl.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.platform.api.events.DomainEvent;
import org.openward.platform.api.events.EventConsumer;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/** The outbox on a real Derby: order, transactions, cursors, failures and catching up. */
public class EventOutboxTest {

    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private OutboxPublisher outbox;
    private EventDispatcher delivery;

    @Before
    public void setUp() {
        platform = new Platform(database);
        outbox = platform.events;
        delivery = platform.eventDelivery;
    }

    @After
    public void close() {
        database.close();
    }

    @Test
    public void eachConsumerGetsEveryEventOfItsTypesOnceAndInOrder() {
        Recorder allergies = new Recorder("pharmacy.rescreen", Set.of("records.allergy-recorded"));
        Recorder everything = new Recorder("billing.all", Set.of("records.allergy-recorded", "records.patient-registered"));
        delivery.addConsumer(allergies);
        delivery.addConsumer(everything);
        for (int i = 1; i <= 5; i++) {
            publish("records.patient-registered", "p" + i);
            publish("records.allergy-recorded", "p" + i);
        }
        drain();
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), allergies.patients());
        assertEquals(10, everything.seen.size());
        List<Long> positions = everything.seen.stream().map(DomainEvent::position).toList();
        assertEquals("strictly increasing", positions.stream().sorted().distinct().toList(), positions);
        assertEquals(Map.of("code", "7980"), allergies.seen.get(0).data());
        assertEquals("records", allergies.seen.get(0).source());

        drain();
        assertEquals("nothing twice", 5, allergies.seen.size());
        EventDispatcher.Cursor cursor = cursor("pharmacy.rescreen");
        assertEquals(5, cursor.processed());
        assertEquals(0, cursor.backlog());
    }

    @Test
    public void anEventOfARolledBackTransactionIsNeverDelivered() {
        Recorder recorder = new Recorder("pharmacy.rescreen", Set.of("records.allergy-recorded"));
        delivery.addConsumer(recorder);
        assertThrows(IllegalStateException.class, () -> platform.db.tx(em -> {
            outbox.publish("records.allergy-recorded", "lost", null, Map.of());
            throw new IllegalStateException("the change failed");
        }));
        publish("records.allergy-recorded", "kept");
        drain();
        assertEquals(List.of("kept"), recorder.patients());
    }

    @Test
    public void aStoppedConsumerCatchesUpWhereItLeftOff() {
        Recorder before = new Recorder("pharmacy.rescreen", Set.of("records.allergy-recorded"));
        delivery.addConsumer(before);
        publish("records.allergy-recorded", "p1");
        drain();
        delivery.removeConsumer(before);

        publish("records.allergy-recorded", "p2");
        publish("records.allergy-recorded", "p3");
        drain();
        EventDispatcher.Cursor waiting = cursor("pharmacy.rescreen");
        assertFalse(waiting.registered());
        assertEquals(2, waiting.backlog());

        Recorder after = new Recorder("pharmacy.rescreen", Set.of("records.allergy-recorded"));
        delivery.addConsumer(after);
        drain();
        assertEquals(List.of("p1"), before.patients());
        assertEquals(List.of("p2", "p3"), after.patients());
        assertEquals(3, cursor("pharmacy.rescreen").processed());
    }

    @Test
    public void aFailingEventIsRetriedAfterAPauseAndNothingPassesIt() {
        List<String> failures = new ArrayList<>(List.of("p2"));
        Recorder recorder = new Recorder("pharmacy.rescreen", Set.of("records.allergy-recorded"), event -> {
            if (failures.remove(event.patientId())) {
                throw new IllegalStateException("chart service unavailable");
            }
        });
        delivery.addConsumer(recorder);
        publish("records.allergy-recorded", "p1");
        publish("records.allergy-recorded", "p2");
        publish("records.allergy-recorded", "p3");
        drain();
        assertEquals("stops at the failing event", List.of("p1"), recorder.patients());
        EventDispatcher.Cursor stuck = cursor("pharmacy.rescreen");
        assertEquals(1, stuck.failures());
        assertTrue(stuck.lastError(), stuck.lastError().contains("chart service unavailable"));
        assertEquals(2, stuck.backlog());

        drain();
        assertEquals("not before the pause", List.of("p1"), recorder.patients());
        platform.clock.advance(Duration.ofSeconds(1));
        drain();
        assertEquals(List.of("p1", "p2", "p3"), recorder.patients());
        assertEquals(0, cursor("pharmacy.rescreen").failures());
    }

    @Test
    public void malformedEventsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> outbox.publish("NoModule", null, null, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> outbox.publish("records.big", null, null, Map.of("x", "y".repeat(EventData.LIMIT))));
        assertEquals(0, delivery.unsequenced());
    }

    private void publish(String type, String patientId) {
        platform.db.tx(em -> outbox.publish(type, patientId, "AllergyIntolerance/" + patientId, Map.of("code", "7980")));
    }

    private void drain() {
        for (int round = 0; round < 20 && delivery.deliverAll(); round++) {
            // until a round finds nothing to do
        }
    }

    private EventDispatcher.Cursor cursor(String name) {
        return delivery.cursors().stream().filter(c -> c.consumer().equals(name)).findFirst().orElseThrow();
    }

    /** A consumer that remembers what it got, after an optional check that may throw. */
    private static final class Recorder implements EventConsumer {
        final List<DomainEvent> seen = new ArrayList<>();
        private final String name;
        private final Set<String> types;
        private final Consumer<DomainEvent> check;

        Recorder(String name, Set<String> types) {
            this(name, types, event -> {
            });
        }

        Recorder(String name, Set<String> types, Consumer<DomainEvent> check) {
            this.name = name;
            this.types = types;
            this.check = check;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> types() {
            return types;
        }

        @Override
        public void handle(DomainEvent event) {
            check.accept(event);
            seen.add(event);
        }

        List<String> patients() {
            return seen.stream().map(DomainEvent::patientId).toList();
        }
    }
}
