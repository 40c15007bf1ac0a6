package org.openward.platform.impl.cds;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHook;
import org.openward.platform.api.cds.CdsHooks;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.platform.api.cds.CdsService;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.AccessDeniedException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the registered {@link CdsService}s, so that a faulty plugin cannot hold up or break the
 * workflow that asked: each service runs on a thread of this component's, as the caller acting
 * through the plugin, within the time limit (on time-out its thread is interrupted). A service
 * that is still busy with as many calls as it may have at once ({@code concurrentCalls}; a hung
 * plugin, say) is not called again until one of them ends, so it cannot take every thread.
 */
@Component(service = {CdsHooks.class, PlatformCdsHooks.class}, configurationPid = PlatformCdsHooks.PID)
@Designate(ocd = PlatformCdsHooks.Config.class)
public class PlatformCdsHooks implements CdsHooks {

    public static final String PID = "org.openward.cds";

    private static final Logger LOG = LoggerFactory.getLogger(PlatformCdsHooks.class);

    @ObjectClassDefinition(name = "OpenWard decision support hooks")
    public @interface Config {

        @AttributeDefinition(description = "How long a decision support service may take before it is skipped and reported, ms")
        long timeoutMillis() default 2000;

        @AttributeDefinition(description = "How many calls one service may have running at once; more are skipped and reported")
        int concurrentCalls() default 8;
    }

    /**
     * A registered service with what the platform knows of it. Its hooks are read once, when it
     * registers (as CDS Hooks discovery does): the request thread never runs plugin code, so a
     * plugin's hooks() that hangs or throws cannot hold up the chart.
     */
    private record Registered(Service service, Set<CdsHook> hooks, CdsService implementation, Semaphore calls,
            ServiceHealth health) {
    }

    private final Map<Object, Registered> services = new ConcurrentHashMap<>();
    private final AccessControl access;
    private final Duration timeout;
    private final int concurrentCalls;
    private final ExecutorService executor;

    @Activate
    public PlatformCdsHooks(@Reference AccessControl access, Config config) {
        this(access, Duration.ofMillis(config.timeoutMillis()), config.concurrentCalls());
    }

    /** For tests outside OSGi, and the DS constructor. */
    public PlatformCdsHooks(AccessControl access, Duration timeout, int concurrentCalls) {
        this(access, timeout, concurrentCalls, threads());
    }

    /** For tests: the calls run on the given executor. */
    PlatformCdsHooks(AccessControl access, Duration timeout, int concurrentCalls, ExecutorService executor) {
        this.access = access;
        this.timeout = timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
        this.concurrentCalls = Math.max(1, concurrentCalls);
        this.executor = executor;
    }

    private static ExecutorService threads() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "openward-cds-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addService(ServiceReference<CdsService> reference, CdsService service) {
        register(reference, reference.getBundle().getSymbolicName(), service);
    }

    void removeService(ServiceReference<CdsService> reference) {
        unregister(reference);
    }

    /**
     * Adds a service as the plugin's (for tests outside OSGi; in OSGi services come as they are registered).
     *
     * @param key what {@link #unregister} takes to remove it again
     */
    public void register(Object key, String plugin, CdsService service) {
        Service described = new Service(plugin, safely(service::id, "?"), safely(service::title, plugin));
        Set<CdsHook> hooks = safely(() -> Set.copyOf(service.hooks()), Set.<CdsHook>of());
        services.put(key, new Registered(described, hooks, service, new Semaphore(concurrentCalls), new ServiceHealth()));
        LOG.info("Decision support service {} of plugin {} registered for {}", described.id(), plugin, hooks);
    }

    /** Removes the service {@link #register registered} under the key. */
    public void unregister(Object key) {
        Registered gone = services.remove(key);
        if (gone != null) {
            LOG.info("Decision support service {} of plugin {} unregistered", gone.service().id(), gone.service().plugin());
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public CdsResponse call(CdsRequest request) {
        List<Registered> asked = services.values().stream()
                .filter(r -> r.hooks().contains(request.hook()))
                .sorted(Comparator.comparing((Registered r) -> r.service().plugin()).thenComparing(r -> r.service().id()))
                .toList();
        List<Advice> advice = new ArrayList<>();
        List<Unavailable> unavailable = new ArrayList<>();
        List<Future<List<Card>>> calls = new ArrayList<>();
        for (Registered service : asked) {
            calls.add(start(service, request));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < asked.size(); i++) {
            Registered service = asked.get(i);
            Future<List<Card>> call = calls.get(i);
            String failure;
            // a refusal of access is the user's permissions at work, not the plugin failing
            boolean pluginAtFault = true;
            try {
                List<Card> cards = call == null ? null
                        : call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                failure = call == null ? "it is still busy with " + concurrentCalls + " earlier calls" : invalid(cards);
                if (failure == null) {
                    cards.forEach(card -> advice.add(new Advice(service.service(), card)));
                }
            } catch (TimeoutException e) {
                call.cancel(true);
                failure = "it did not answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException e) {
                failure = failure(service, request, e.getCause());
                pluginAtFault = !(e.getCause() instanceof AccessDeniedException);
            } catch (CancellationException e) {
                failure = "its call was cancelled";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.cancel(true);
                failure = "the request was interrupted";
            }
            if (failure == null || !pluginAtFault) {
                service.health().succeeded();
            } else {
                service.health().failed(failure);
            }
            if (failure != null) {
                unavailable.add(new Unavailable(service.service(), failure));
                LOG.warn("Decision support service {} of plugin {} is unavailable for {}: {}", service.service().id(),
                        service.service().plugin(), request.hook().id(), failure);
            }
        }
        return new CdsResponse(advice, unavailable);
    }

    /** The services registered now, with how their calls went. */
    List<ServiceHealth.Summary> health() {
        return services.values().stream()
                .map(r -> r.health().summary(r.service()))
                .sorted(Comparator.comparing((ServiceHealth.Summary s) -> s.service().plugin())
                        .thenComparing(s -> s.service().id()))
                .toList();
    }

    /**
     * The call on its way, or {@code null} when the service already has as many calls as it may.
     * The call's permit goes back exactly once: when the plugin's code returns, or when the call
     * is cancelled before that code started (a task cancelled while still queued never runs, so
     * its own release would never come, and the service would stay "busy" for good). A call
     * cancelled while the plugin's code runs keeps its permit until that code returns: a hung
     * plugin holds its threads, not more.
     */
    private Future<List<Card>> start(Registered service, CdsRequest request) {
        if (!service.calls().tryAcquire()) {
            return null;
        }
        Supplier<List<Card>> work = access.onBehalfOfPlugin(service.service().plugin(), () -> service.implementation().invoke(request));
        AtomicBoolean claimed = new AtomicBoolean();
        FutureTask<List<Card>> call = new FutureTask<>(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return null; // cancelled before it started; the permit went back then
            }
            try {
                return work.get();
            } finally {
                service.calls().release();
            }
        }) {
            @Override
            protected void done() {
                if (isCancelled() && claimed.compareAndSet(false, true)) {
                    service.calls().release();
                }
            }
        };
        try {
            executor.execute(call);
            return call;
        } catch (RuntimeException e) {
            call.cancel(false);
            throw e;
        }
    }

    private static String failure(Registered service, CdsRequest request, Throwable cause) {
        if (cause instanceof AccessDeniedException) {
            return "it was refused access (a plugin has the user's permissions, no more)";
        }
        LOG.warn("Decision support service {} of plugin {} failed on {}", service.service().id(),
                service.service().plugin(), request.hook().id(), cause);
        return "it failed (" + cause.getClass().getSimpleName() + ")";
    }

    private static String invalid(List<Card> cards) {
        if (cards == null) {
            return "it returned no list of cards";
        }
        if (cards.stream().anyMatch(Objects::isNull)) {
            return "it returned an empty card";
        }
        return cards.stream().anyMatch(card -> card.link() != null && !isHttps(card.link()))
                ? "it returned a card whose link is not an https URL" : null;
    }

    /**
     * Whether a card's link is what the API promises, an absolute https URL: the chart turns it
     * into a link a user clicks, where a javascript: or data: URL would run in the chart's page.
     */
    private static boolean isHttps(String link) {
        try {
            URI uri = new URI(link);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** What a plugin's own method says, or the fallback when it throws. */
    private static <T> T safely(Supplier<T> ask, T fallback) {
        try {
            T answer = ask.get();
            return answer == null ? fallback : answer;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
