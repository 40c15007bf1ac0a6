package org.openward.platform.impl.cds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHook;
import org.openward.platform.api.cds.CdsHooks.CdsResponse;
import org.openward.platform.api.cds.CdsHooks.Unavailable;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.platform.api.cds.CdsService;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.Caller;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

public class PlatformCdsHooksTest {

    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private PlatformCdsHooks hooks;
    private final CountDownLatch release = new CountDownLatch(1);

    @Before
    public void setUp() {
        platform = new Platform(database);
        platform.user("dr.grey", "physician");
        hooks = platform.decisionSupport;
    }

    @After
    public void close() {
        release.countDown();
        hooks.deactivate();
        database.close();
    }

    @Test
    public void aServiceRunsAsTheCallerThroughItsPluginAndOnlyForItsHooks() {
        hooks.register("a", "com.example.cds", service("flu", Set.of(CdsHook.PATIENT_VIEW), request -> {
            Caller caller = platform.security.currentCaller();
            return List.of(new Card("Seen by " + caller.username() + " through " + caller.plugin().orElse("-")
                    + " on " + Thread.currentThread().getName().startsWith("openward-cds-"), "", Card.Indicator.INFO,
                    "Example", null));
        }));
        CdsResponse view = asPhysician(CdsRequest.patientView("p1"));
        assertEquals(List.of(), view.unavailable());
        assertEquals("Seen by dr.grey through com.example.cds on true", view.advice().get(0).card().summary());
        assertEquals("com.example.cds", view.advice().get(0).service().plugin());
        assertEquals("flu", view.advice().get(0).service().id());

        CdsResponse sign = asPhysician(CdsRequest.orderSign("p1", List.of()));
        assertEquals("not asked at a hook it did not register for", List.of(), sign.advice());
    }

    @Test
    public void aServiceThatThrowsHangsOrAnswersNothingIsReportedAndTheOthersStillAnswer() {
        hooks.register("ok", "com.example.good", service("good", Set.of(CdsHook.PATIENT_VIEW),
                request -> List.of(new Card("All fine", null, Card.Indicator.INFO, "Good", null))));
        hooks.register("throws", "com.example.bad", service("throws", Set.of(CdsHook.PATIENT_VIEW), request -> {
            throw new IllegalStateException("broken plugin");
        }));
        hooks.register("hangs", "com.example.slow", service("hangs", Set.of(CdsHook.PATIENT_VIEW), request -> {
            awaitRelease();
            return List.of();
        }));
        hooks.register("null", "com.example.empty", service("nothing", Set.of(CdsHook.PATIENT_VIEW), request -> null));

        CdsResponse response = asPhysician(CdsRequest.patientView("p1"));

        assertEquals(List.of("All fine"), response.advice().stream().map(a -> a.card().summary()).toList());
        assertEquals(List.of("com.example.bad/throws: it failed (IllegalStateException)",
                "com.example.empty/nothing: it returned no list of cards",
                "com.example.slow/hangs: it did not answer within 500 ms"),
                response.unavailable().stream().map(u -> u.service().plugin() + "/" + u.service().id() + ": " + u.reason())
                        .toList());
        List<ServiceHealth.Summary> health = hooks.health();
        assertEquals(4, health.size());
        assertEquals(3, health.stream().filter(ServiceHealth.Summary::lastCallFailed).count());
    }

    @Test
    public void aServiceRefusedAccessIsUnavailableForThisCallerButNotUnhealthy() {
        hooks.register("nosy", "com.example.nosy", service("nosy", Set.of(CdsHook.PATIENT_VIEW), request -> {
            throw new AccessDeniedException("records:patient:read", "not in the caller's care");
        }));

        CdsResponse response = asPhysician(CdsRequest.patientView("p1"));

        assertEquals(List.of("it was refused access (a plugin has the user's permissions, no more)"),
                response.unavailable().stream().map(Unavailable::reason).toList());
        ServiceHealth.Summary health = hooks.health().get(0);
        assertEquals(1, health.calls());
        assertEquals("the user's permissions are no fault of the plugin", 0, health.failures());
        assertFalse(health.lastCallFailed());
    }

    @Test
    public void aHungServiceIsNotGivenMoreThreadsThanItsShare() {
        hooks.register("hangs", "com.example.slow", service("hangs", Set.of(CdsHook.PATIENT_VIEW), request -> {
            awaitRelease();
            return List.of();
        }));
        hooks.register("ok", "com.example.good", service("good", Set.of(CdsHook.PATIENT_VIEW),
                request -> List.of(new Card("All fine", null, Card.Indicator.INFO, "Good", null))));
        // the hung calls ignore nothing here: awaitRelease swallows the interrupt and keeps waiting
        for (int i = 0; i < 2; i++) {
            asPhysician(CdsRequest.patientView("p1"));
        }
        CdsResponse third = asPhysician(CdsRequest.patientView("p1"));
        assertEquals("it is still busy with 2 earlier calls", third.unavailable().get(0).reason());
        assertEquals(1, third.advice().size());
    }

    @Test
    public void aServicesHooksAreReadOnceWhenItRegistersNeverOnTheCallersThread() {
        AtomicInteger asked = new AtomicInteger();
        CdsService flu = service("flu", Set.of(CdsHook.PATIENT_VIEW),
                request -> List.of(new Card("Flu vaccine due", null, Card.Indicator.INFO, "Example", null)));
        hooks.register("a", "com.example.cds", new CdsService() {
            @Override
            public String id() {
                return flu.id();
            }

            @Override
            public String title() {
                return flu.title();
            }

            @Override
            public Set<CdsHook> hooks() {
                // a plugin whose hooks() would hang or fail later cannot hold up a chart
                if (asked.incrementAndGet() > 1) {
                    throw new IllegalStateException("asked again");
                }
                return flu.hooks();
            }

            @Override
            public List<Card> invoke(CdsRequest request) {
                return flu.invoke(request);
            }
        });
        for (int i = 0; i < 3; i++) {
            assertEquals(1, asPhysician(CdsRequest.patientView("p1")).advice().size());
        }
        assertEquals(1, asked.get());
    }

    @Test
    public void aCallCancelledBeforeItsThreadCameGivesBackItsShare() {
        // an executor whose threads come late: every call is still queued when its time is up
        List<Runnable> queued = new ArrayList<>();
        ExecutorService late = new AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                queued.add(command);
            }

            @Override
            public void shutdown() {
            }

            @Override
            public List<Runnable> shutdownNow() {
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
        PlatformCdsHooks busy = new PlatformCdsHooks(platform.security, Duration.ofMillis(50), 1, late);
        AtomicInteger invoked = new AtomicInteger();
        busy.register("a", "com.example.cds", service("flu", Set.of(CdsHook.PATIENT_VIEW), request -> {
            invoked.incrementAndGet();
            return List.of();
        }));
        for (int i = 0; i < 3; i++) {
            CdsResponse response = asPhysician(busy, CdsRequest.patientView("p1"));
            assertEquals("each call gets its turn: none is counted as still busy", "it did not answer within 50 ms",
                    response.unavailable().get(0).reason());
        }
        queued.forEach(Runnable::run);
        assertEquals("a cancelled call does not run when its thread comes at last", 0, invoked.get());
    }

    @Test
    public void anUnregisteredServiceIsNoLongerAsked() {
        hooks.register("a", "com.example.cds", service("flu", Set.of(CdsHook.PATIENT_VIEW),
                request -> List.of(new Card("Flu vaccine due", null, Card.Indicator.WARNING, "Example", null))));
        assertEquals(1, asPhysician(CdsRequest.patientView("p1")).advice().size());
        hooks.unregister("a");
        assertTrue(asPhysician(CdsRequest.patientView("p1")).advice().isEmpty());
        assertTrue(hooks.health().isEmpty());
    }

    @Test
    public void aCardWhoseLinkIsNotAnHttpsUrlIsRefusedWithItsService() {
        hooks.register("script", "com.example.bad", service("script", Set.of(CdsHook.PATIENT_VIEW),
                request -> List.of(new Card("Click me", null, Card.Indicator.INFO, "Example", "javascript:alert(1)"))));
        hooks.register("web", "com.example.good", service("web", Set.of(CdsHook.PATIENT_VIEW),
                request -> List.of(new Card("Read this", null, Card.Indicator.INFO, "Example", "https://example.org/x"))));
        CdsResponse response = asPhysician(CdsRequest.patientView("p1"));
        assertEquals(List.of("Read this"), response.advice().stream().map(a -> a.card().summary()).toList());
        assertEquals("it returned a card whose link is not an https URL", response.unavailable().get(0).reason());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aCardNeedsAShortSummary() {
        new Card("x".repeat(Card.SUMMARY_LIMIT + 1), null, Card.Indicator.INFO, "Example", null);
    }

    private CdsResponse asPhysician(CdsRequest request) {
        return asPhysician(hooks, request);
    }

    private CdsResponse asPhysician(PlatformCdsHooks asked, CdsRequest request) {
        String token = platform.login("dr.grey");
        return platform.security.callWithToken(token, "10.0.0.1", "r", () -> asked.call(request));
    }

    /** Waits for the end of the test, ignoring interrupts like a badly written plugin. */
    private void awaitRelease() {
        while (true) {
            try {
                release.await();
                return;
            } catch (InterruptedException e) {
                // a hung plugin does not stop when asked
            }
        }
    }

    private static CdsService service(String id, Set<CdsHook> hooks, Function<CdsRequest, List<Card>> answer) {
        return new CdsService() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return "Service " + id;
            }

            @Override
            public Set<CdsHook> hooks() {
                return hooks;
            }

            @Override
            public List<Card> invoke(CdsRequest request) {
                return answer.apply(request);
            }
        };
    }
}
