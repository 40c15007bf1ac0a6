package com.example.openward.reminders;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;
import org.openward.platform.api.cds.CdsRequest;

public class FaultDemonstrationTest {

    private final FaultDemonstration service = new FaultDemonstration();

    @After
    public void stop() {
        service.deactivate();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    public void byDefaultItAnswersNoCards() {
        assertEquals(List.of(), service.invoke(CdsRequest.patientView("p1")));
    }

    @Test
    public void setToThrowItFailsEveryCall() {
        service.set(FaultDemonstration.Mode.THROWS);
        assertThrows(IllegalStateException.class, () -> service.invoke(CdsRequest.patientView("p1")));
    }

    @Test
    public void anUnknownSettingIsTakenAsNone() {
        assertEquals(FaultDemonstration.Mode.NONE, FaultDemonstration.Mode.of("sometimes"));
        assertEquals(FaultDemonstration.Mode.HANGS, FaultDemonstration.Mode.of(" Hangs "));
    }

    @Test
    public void setToHangACallIgnoresInterruptsAndEndsWhenTheSettingChanges() throws Exception {
        service.set(FaultDemonstration.Mode.HANGS);
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread call = new Thread(() -> {
            service.invoke(CdsRequest.patientView("p1"));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        call.start();
        await("the call to wait", () -> call.getState() == Thread.State.TIMED_WAITING);
        call.interrupt();
        await("the call to wait again after the interrupt", () -> call.getState() == Thread.State.TIMED_WAITING);
        assertTrue("an interrupt does not end it", call.isAlive());

        service.set(FaultDemonstration.Mode.NONE);
        call.join(Duration.ofSeconds(30).toMillis());
        assertFalse("a new setting ends it", call.isAlive());
        assertTrue("the interrupt is kept for the caller", interruptKept.get());
    }
}
