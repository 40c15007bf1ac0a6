package org.openward.audit.impl.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.openward.audit.impl.AuditDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The chainer keeps up: records wait for the hash chain a few seconds at most. A record waiting
 * longer means the chain is not being extended, so tampering with recent records would go
 * unnoticed until it is: WARN after {@value #WARN_MINUTES} minutes, CRITICAL after an hour.
 */
@Component(property = {
        HealthCheck.NAME + "=Audit chain",
        HealthCheck.TAGS + "=openward",
        HealthCheck.TAGS + "=audit"
})
public class AuditChainHealthCheck implements HealthCheck {

    static final long WARN_MINUTES = 2;

    private final DataSource dataSource;
    private final Clock clock;

    @Activate
    public AuditChainHealthCheck(@Reference AuditDatabase database) {
        this(database.dataSource(), Clock.systemUTC());
    }

    public AuditChainHealthCheck(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Result execute() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*), MIN(e.recorded_at)"
                        + " FROM audit_pending p JOIN audit_event e ON e.event_id = p.event_id");
                ResultSet row = select.executeQuery()) {
            row.next();
            long waiting = row.getLong(1);
            Timestamp oldest = row.getTimestamp(2);
            if (waiting == 0) {
                return new Result(Result.Status.OK, "every audit record is linked into the chain");
            }
            Duration age = Duration.between(oldest.toInstant(), Instant.now(clock));
            String what = waiting + " audit records wait for the chain, the oldest for " + age.toSeconds() + " s";
            Result.Status status = age.toMinutes() >= 60 ? Result.Status.CRITICAL
                    : age.toMinutes() >= WARN_MINUTES ? Result.Status.WARN : Result.Status.OK;
            return new Result(status, what);
        } catch (SQLException e) {
            return new Result(Result.Status.CRITICAL, "cannot read the audit chain's queue: " + e.getMessage());
        }
    }
}
