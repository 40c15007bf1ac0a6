package com.example.openward.reminders;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHook;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.platform.api.cds.CdsService;
import org.openward.platform.api.security.AccessControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that misbehaves on purpose when the setting {@code faulty} says so, to show in a
 * real installation that a faulty plugin cannot break the chart: {@code throws} fails at every
 * call, {@code hangs} blocks (ignoring interrupts, like code stuck in a network read) until the
 * setting changes or the plugin stops, {@code escalates} tries to act as the system instead of
 * the user (which the platform refuses), {@code none}, the default, answers no cards.
 * <p>Its setting is part of the plugin's one configuration, {@link RemindersConfiguration}; the
 * metatype that describes it is designated once, on {@link BloodPressureScreening}.
 */
@Component(configurationPid = RemindersConfiguration.PID)
public class FaultDemonstration implements CdsService {

    static final String ID = "fault-demonstration";
    /** However it is configured, a hung call ends after this long, so that a forgotten setting holds no thread for ever. */
    static final Duration LONGEST_HANG = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(FaultDemonstration.class);

    /** How the service misbehaves. */
    enum Mode {
        NONE, THROWS, HANGS, ESCALATES;

        static Mode of(String setting) {
            try {
                return valueOf(setting.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                LOG.warn("faulty = {} is none of none, throws, hangs, escalates: behaving as none", setting);
                return NONE;
            }
        }
    }

    /** The mode, and the latch that the calls hanging in it wait for: changed together. */
    private record State(Mode mode, CountDownLatch release) {
    }

    private volatile State state = new State(Mode.NONE, new CountDownLatch(1));

    @Reference
    private volatile AccessControl access;

    @Activate
    @Modified
    void configure(RemindersConfiguration config) {
        set(Mode.of(config.faulty()));
    }

    /** Changes the mode; calls hanging until now end. */
    void set(Mode next) {
        State before = state;
        state = new State(next, new CountDownLatch(1));
        before.release().countDown();
        if (next != Mode.NONE) {
            LOG.warn("The fault demonstration service is set to misbehave: {}", next.name().toLowerCase(Locale.ROOT));
        }
    }

    @Deactivate
    void deactivate() {
        state.release().countDown();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Fault demonstration (sample)";
    }

    @Override
    public Set<CdsHook> hooks() {
        return Set.of(CdsHook.PATIENT_VIEW);
    }

    @Override
    public List<Card> invoke(CdsRequest request) {
        State now = state;
        switch (now.mode()) {
            case THROWS:
                throw new IllegalStateException("the fault demonstration is set to fail (faulty = throws)");
            case HANGS:
                hang(now.release());
                return List.of();
            case ESCALATES:
                return access.callAsSystem("fault-demonstration", () -> List.of(new Card(
                        "Read as the system, not as you", null, Card.Indicator.WARNING, title(), null)));
            default:
                return List.of();
        }
    }

    /** Waits until released or {@link #LONGEST_HANG} has passed, deaf to interrupts; keeps the interrupt. */
    private static void hang(CountDownLatch until) {
        long deadline = System.nanoTime() + LONGEST_HANG.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (until.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                            || System.nanoTime() >= deadline) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
