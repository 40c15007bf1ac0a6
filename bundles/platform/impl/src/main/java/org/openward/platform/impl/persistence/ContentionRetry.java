package org.openward.platform.impl.persistence;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.transaction.Status;
import javax.transaction.SystemException;
import javax.transaction.TransactionManager;

import org.openward.platform.api.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transactions} on the platform's JTA transaction manager. Seen on embedded Derby under
 * load (docs/benchmarks.md): inserts into tables keyed by identity columns refused at once with
 * 40XL1, a lock not obtained, with no long lock wait behind it; such a transaction run again
 * goes through. PostgreSQL refuses deadlocked transactions the same way (40P01).
 */
@Component
public class ContentionRetry implements Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(ContentionRetry.class);
    static final int ATTEMPTS = 4;

    private final BooleanSupplier transactionActive;

    @Activate
    public ContentionRetry(@Reference TransactionManager transactions) {
        this(() -> {
            try {
                return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
            } catch (SystemException e) {
                throw new IllegalStateException("the transaction manager cannot tell its state", e);
            }
        });
    }

    /** For tests outside OSGi: whether a transaction is active on the calling thread. */
    public static ContentionRetry outsideOsgi(BooleanSupplier transactionActive) {
        return new ContentionRetry(transactionActive);
    }

    // not public: the component's runtime would take a public one-argument constructor for its own
    private ContentionRetry(BooleanSupplier transactionActive) {
        this.transactionActive = transactionActive;
    }

    @Override
    public <R> R retryWhenRefused(Supplier<R> work) {
        if (transactionActive.getAsBoolean()) {
            return work.get();
        }
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !Transactions.refusedForContention(e)) {
                    throw e;
                }
                LOG.info("The database refused a transaction for contention (attempt {} of {}); running it again: {}",
                        attempt, ATTEMPTS, e.toString());
                pause(attempt);
            }
        }
    }

    /** A random pause that grows with each attempt, so that the transactions that met do not meet again. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to run a refused transaction again", e);
        }
    }
}
