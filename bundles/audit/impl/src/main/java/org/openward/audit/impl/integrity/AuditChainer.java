package org.openward.audit.impl.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openward.audit.impl.AuditDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links committed records into the hash chain, in the background, moments after they are
 * written. Writers only queue their records (audit_pending) and never wait for one another; the
 * chainer, alone, takes the queue in order, appends one chain entry per record, signs a
 * checkpoint every {@value Chain#CHECKPOINT_EVERY} entries, takes the records off the queue, all
 * in one transaction, and then writes the new head to the {@link ChainWitness}.
 */
@Component(service = AuditChainer.class, immediate = true)
public class AuditChainer {

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainer.class);

    static final int BATCH = 500;
    private static final long INTERVAL_MILLIS = 500;
    private static final long QUIET_FAILURE_MILLIS = 60_000;

    private final DataSource dataSource;
    private final AuditKeys keys;
    private final ChainWitness witness;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private long lastFailureLogged;

    @Activate
    public AuditChainer(@Reference AuditDatabase database, @Reference AuditKeys keys,
            @Reference ChainWitness witness) {
        this(database.dataSource(), keys, witness, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
        scheduler = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "openward-audit-chainer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::chainAll, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A chainer that links only when asked ({@link #chainPending()}), for tests.
     *
     * @param clock at millisecond resolution, as the database keeps time
     */
    public AuditChainer(DataSource dataSource, AuditKeys keys, ChainWitness witness, Clock clock) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.witness = witness;
        this.clock = clock;
    }

    @Deactivate
    void stop() throws InterruptedException {
        scheduler.shutdown();
        if (scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            chainAll();
        }
    }

    private void chainAll() {
        try {
            while (chainPending() == BATCH) {
                // more are queued
            }
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastFailureLogged > QUIET_FAILURE_MILLIS) {
                lastFailureLogged = now;
                LOG.warn("Audit records cannot be linked into the chain now; retrying (logged once a minute)", e);
            }
        }
    }

    /**
     * Links up to {@value #BATCH} queued records.
     *
     * @return how many were taken off the queue
     */
    public synchronized int chainPending() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                ChainHead head = head(connection);
                List<Long> queued = queued(connection);
                if (queued.isEmpty()) {
                    connection.rollback();
                    return 0;
                }
                Timestamp now = Timestamp.from(clock.instant());
                try (PreparedStatement link = connection.prepareStatement("INSERT INTO audit_chain"
                                + " (seq, event_id, chained_at, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?)");
                        PreparedStatement sign = connection.prepareStatement("INSERT INTO audit_checkpoint"
                                + " (seq, entry_hash, signed_at, signature) VALUES (?, ?, ?, ?)")) {
                    for (long eventId : queued) {
                        Optional<Chain.Sealed> record = Chain.record(connection, eventId);
                        if (record.isEmpty()) {
                            LOG.error("Audit record {} was queued for the chain but is gone from audit_event:"
                                    + " it was removed before it could be linked", eventId);
                            continue;
                        }
                        SealedContent content = record.get().content();
                        if (!keys.sealMatches(content, record.get().seal())) {
                            LOG.error("Audit record {} does not match its seal: it was altered before it could be"
                                    + " linked; linking it as it is, and audit:verify will name it", eventId);
                        }
                        long seq = head.seq() + 1;
                        String hash = Chain.entryHash(head.entryHash(), seq, eventId, now.getTime(), content);
                        link.setLong(1, seq);
                        link.setLong(2, eventId);
                        link.setTimestamp(3, now);
                        link.setString(4, head.entryHash());
                        link.setString(5, hash);
                        link.addBatch();
                        if (Chain.isCheckpoint(seq)) {
                            sign.setLong(1, seq);
                            sign.setString(2, hash);
                            sign.setTimestamp(3, now);
                            sign.setString(4, keys.sign(Chain.checkpoint(seq, hash, now.getTime())));
                            sign.addBatch();
                        }
                        head = new ChainHead(seq, hash);
                    }
                    link.executeBatch();
                    sign.executeBatch();
                }
                try (PreparedStatement dequeue = connection.prepareStatement(
                        "DELETE FROM audit_pending WHERE event_id = ?")) {
                    for (long eventId : queued) {
                        dequeue.setLong(1, eventId);
                        dequeue.addBatch();
                    }
                    dequeue.executeBatch();
                }
                connection.commit();
                witness.write(head);
                return queued.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot link audit records into the chain", e);
        }
    }

    /**
     * The queue's first records. Read on their own: a record is committed with its queue entry,
     * so once the entry is seen the record is there to read (a join could miss it on Derby,
     * which reads the joined table before the queue's newest entries commit).
     */
    private static List<Long> queued(Connection connection) throws SQLException {
        List<Long> queued = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT event_id FROM audit_pending ORDER BY event_id FETCH FIRST " + BATCH + " ROWS ONLY");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                queued.add(rows.getLong(1));
            }
        }
        return queued;
    }

    static ChainHead head(Connection connection) throws SQLException {
        try (PreparedStatement last = connection.prepareStatement(
                "SELECT seq, entry_hash FROM audit_chain ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
                ResultSet row = last.executeQuery()) {
            return row.next() ? new ChainHead(row.getLong(1), row.getString(2)) : ChainHead.EMPTY;
        }
    }
}
