package org.openward.platform.impl.modules;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.osgi.service.component.annotations.Component;

/**
 * The gate every request to the front door passes. A module update closes it: requests already
 * inside finish, new ones wait, the module is swapped, and the waiting requests go on to the new
 * version instead of failing. A request waits at most {@link #HOLD}; past that it is refused as
 * temporarily unavailable. The lock is fair, so an update is not starved by a steady stream of
 * requests and requests arriving behind an update queue after it.
 */
@Component(service = RequestGate.class)
public class RequestGate {

    /** How long a request waits for the gate to open before it is refused. */
    public static final Duration HOLD = Duration.ofSeconds(30);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    /** Runs a request once the gate is open; the gate cannot close while it runs. */
    public <T> T pass(Callable<T> request) throws Exception {
        if (!lock.readLock().tryLock(HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new GateClosedException();
        }
        try {
            return request.call();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Closes the gate once every request inside has finished, waiting at most {@code drain};
     * the gate opens again when the returned handle is closed (by the same thread).
     */
    public Closed close(Duration drain) throws InterruptedException, TimeoutException {
        if (!lock.writeLock().tryLock(drain.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("requests still running after " + drain.toSeconds() + " s");
        }
        return () -> lock.writeLock().unlock();
    }

    /** The closed gate; {@link #close()} opens it. */
    public interface Closed extends AutoCloseable {
        @Override
        void close();
    }

    /** A request waited {@link #HOLD} and the module it needs did not become available. */
    public static final class GateClosedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        GateClosedException() {
            this("OW-0520: a module is being updated and the update took longer than " + HOLD.toSeconds()
                    + " s; nothing was changed, try again");
        }

        public GateClosedException(String message) {
            super(message);
        }
    }
}
