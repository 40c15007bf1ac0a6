package org.openward.platform.api.persistence;

import java.sql.SQLException;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Transactions the database refused to resolve contention. A database may roll a transaction
 * back because of other work running at the same time: a deadlock, a lock it could not get in
 * time, a serialization failure (SQL state class 40), or Derby's "too much contention" on a
 * sequence or identity column (X0Y84). Nothing of that transaction was written, and running it
 * again usually succeeds. Each module's own transaction helper goes through this service, so a
 * request does not fail for contention it had no part in.
 */
@ProviderType
public interface Transactions {

    /**
     * Runs work that makes one transaction of its own (a module's {@code tx} helper). When no
     * transaction is active on this thread and the database refuses the one the work began, the
     * work runs again after a short random pause, a few times at most; the last refusal is thrown.
     * Inside a transaction begun elsewhere the work runs once: only whoever began the
     * transaction can repeat it. The work must do nothing outside the database that it cannot do twice.
     */
    <R> R retryWhenRefused(Supplier<R> work);

    /** Whether a failure is the database refusing a transaction for contention (see above). */
    static boolean refusedForContention(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("40") || "X0Y84".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
