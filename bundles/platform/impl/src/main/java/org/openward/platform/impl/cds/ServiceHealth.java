package org.openward.platform.impl.cds;

import java.time.Instant;

import org.openward.platform.api.cds.CdsHooks.Service;

/** How a decision support service's calls went since it registered. */
final class ServiceHealth {

    /** The counts and the last failure, if any. */
    record Summary(Service service, long calls, long failures, String lastFailure, Instant lastFailureAt,
            boolean lastCallFailed) {
    }

    private long calls;
    private long failures;
    private String lastFailure;
    private Instant lastFailureAt;
    private boolean lastCallFailed;

    synchronized void succeeded() {
        calls++;
        lastCallFailed = false;
    }

    synchronized void failed(String reason) {
        calls++;
        failures++;
        lastFailure = reason;
        lastFailureAt = Instant.now();
        lastCallFailed = true;
    }

    synchronized Summary summary(Service service) {
        return new Summary(service, calls, failures, lastFailure, lastFailureAt, lastCallFailed);
    }
}
