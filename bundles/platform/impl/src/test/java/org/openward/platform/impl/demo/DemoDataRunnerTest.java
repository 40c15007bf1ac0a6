package org.openward.platform.impl.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.openward.platform.api.demo.DemoDataContribution;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

public class DemoDataRunnerTest {

    private final TestDatabase database = new TestDatabase();
    private final Platform platform = new Platform(database);
    private final List<String> loaded = new CopyOnWriteArrayList<>();
    private DemoDataRunner runner;

    @After
    public void close() throws InterruptedException {
        if (runner != null) {
            runner.deactivate();
        }
        database.close();
    }

    @Test
    public void aContributionWaitingForAnotherDoesNotHoldItUp() throws InterruptedException {
        runner = new DemoDataRunner(platform.security, enabled(true));
        // registered first, but needs the patients: as with records' charts and patients at boot
        runner.addContribution(contribution("charts", () -> {
            if (!loaded.contains("patients")) {
                throw new IllegalStateException("the demo patients are not all registered yet");
            }
        }));
        runner.addContribution(contribution("patients", () -> { }));
        // loaded is written after a contribution's work returns: wait for the entry, not for the work
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); loaded.size() < 2 && System.nanoTime() < end;) {
            Thread.sleep(20);
        }
        assertEquals(List.of("patients", "charts"), loaded);
    }

    @Test
    public void contributionsRunAsTheDemoSystemCaller() throws InterruptedException {
        runner = new DemoDataRunner(platform.security, enabled(true));
        CountDownLatch done = new CountDownLatch(1);
        List<String> callers = new CopyOnWriteArrayList<>();
        runner.addContribution(contribution("users", () -> {
            callers.add(platform.security.currentCaller().username());
            done.countDown();
        }));
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(List.of("system:demo"), callers);
    }

    @Test
    public void outsideDemoModeNothingIsLoaded() throws InterruptedException {
        runner = new DemoDataRunner(platform.security, enabled(false));
        runner.addContribution(contribution("patients", () -> { }));
        runner.deactivate();
        runner = null;
        assertEquals(List.of(), loaded);
    }

    private DemoDataContribution contribution(String name, Runnable work) {
        return new DemoDataContribution() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void load() {
                work.run();
                loaded.add(name);
            }
        };
    }

    private static DemoDataRunner.Config enabled(boolean enabled) {
        return new DemoDataRunner.Config() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return DemoDataRunner.Config.class;
            }
        };
    }
}
