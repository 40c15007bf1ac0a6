package org.openward.audit.impl.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.audit.impl.AuditDatabase;
import org.openward.platform.api.security.AccessControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Recomputes the chain from the first entry and checks every record against it, in plain SQL
 * and one pass: each record's seal, each entry's links and hash, each signed checkpoint, that no
 * entry is missing between the first and the last or cut off after it (the witness), and that
 * every record is in the chain or queued for it.
 */
@Component(service = AuditVerifier.class)
public class AuditVerifier {

    /** Needed to verify the trail. */
    public static final String PERMISSION_VERIFY = "audit:trail:verify";

    /** How many problems a report lists; it counts them all. */
    static final int LISTED = 1000;

    private final DataSource dataSource;
    private final AuditKeys keys;
    private final ChainWitness witness;
    private final AccessControl access;
    private final AuditTrail trail;

    @Activate
    public AuditVerifier(@Reference AuditDatabase database, @Reference AuditKeys keys,
            @Reference ChainWitness witness, @Reference AccessControl access, @Reference AuditTrail trail) {
        this.dataSource = database.dataSource();
        this.keys = keys;
        this.witness = witness;
        this.access = access;
        this.trail = trail;
    }

    /**
     * Verifies the trail as it stands; records waiting for the chainer are fine. Needs
     * {@link #PERMISSION_VERIFY}; the verification and its result are recorded.
     */
    public Verification verify() {
        access.checkPermission(PERMISSION_VERIFY);
        Verification verified;
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            verified = verify(connection, false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail to verify it", e);
        }
        trail.record(AuditEvent.of(AuditAction.EXECUTE, verified.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                .resource("AuditEvent", null)
                .detail("audit verify: " + (verified.intact() ? "intact" : verified.problemCount() + " problems, first "
                        + verified.first()) + "; " + verified.entries() + " entries, head " + verified.head().seq()));
        return verified;
    }

    /**
     * Verifies the trail as the connection sees it.
     *
     * @param strict whether a record still waiting to be linked counts as a problem
     */
    Verification verify(Connection connection, boolean strict) throws SQLException {
        Findings findings = new Findings();
        // read before the chain, so that the chain (which only grows) reaches at least as far
        Optional<ChainHead> witnessed = witness.read();
        Map<Long, Checkpoint> checkpoints = checkpoints(connection);
        long checked = checkpoints.size();

        long entries = 0;
        long expected = 1;
        String previous = Chain.GENESIS;
        try (PreparedStatement walk = connection.prepareStatement(
                "SELECT c.seq, c.event_id, c.chained_at, c.prev_hash, c.entry_hash, " + Chain.EVENT_COLUMNS
                        + " FROM audit_chain c LEFT JOIN audit_event e ON e.event_id = c.event_id ORDER BY c.seq");
                ResultSet row = walk.executeQuery()) {
            while (row.next()) {
                long seq = row.getLong(1);
                long eventId = row.getLong(2);
                long chainedAt = row.getTimestamp(3).getTime();
                String previousHash = row.getString(4).trim();
                String entryHash = row.getString(5).trim();
                if (seq != expected) {
                    findings.add(expected, 0, "entries " + expected + " to " + (seq - 1) + " are missing from the chain");
                } else if (!previousHash.equals(previous)) {
                    findings.add(seq, eventId, "does not follow the entry before it (entries were removed, inserted"
                            + " or reordered)");
                }
                // a join may miss a record committed while we read (Derby): look again before calling it gone
                Optional<Chain.Sealed> record = row.getObject(6) != null
                        ? Optional.of(new Chain.Sealed(Chain.content(row, 6), Chain.seal(row, 6)))
                        : Chain.record(connection, eventId);
                if (record.isEmpty()) {
                    findings.add(seq, eventId, "the record is gone from the trail");
                } else {
                    SealedContent content = record.get().content();
                    if (content.eventId() != eventId || !keys.sealMatches(content, record.get().seal())) {
                        findings.add(seq, eventId, "the record does not match its seal: it was altered");
                    } else if (!Chain.entryHash(previousHash, seq, eventId, chainedAt, content).equals(entryHash)) {
                        findings.add(seq, eventId, "the chain entry does not match its hash: it was altered");
                    }
                }
                Checkpoint checkpoint = checkpoints.remove(seq);
                if (checkpoint == null && Chain.isCheckpoint(seq)) {
                    // linked after the checkpoints were read (each statement sees the trail as it
                    // is then): its checkpoint was committed with it, so it is there by now
                    checkpoint = checkpoint(connection, seq);
                    checked += checkpoint == null ? 0 : 1;
                }
                if (Chain.isCheckpoint(seq) && checkpoint == null) {
                    findings.add(seq, eventId, "its signed checkpoint is missing");
                } else if (checkpoint != null) {
                    checkpoint.check(seq, eventId, entryHash, findings);
                }
                if (witnessed.isPresent() && witnessed.get().seq() == seq
                        && !witnessed.get().entryHash().equals(entryHash)) {
                    findings.add(seq, eventId, "the chain was rewritten: the witness saw another hash here");
                }
                previous = entryHash;
                expected = seq + 1;
                entries++;
            }
        }
        long last = expected - 1;
        for (Map.Entry<Long, Checkpoint> stray : checkpoints.entrySet()) {
            findings.add(stray.getKey(), 0, stray.getKey() > last
                    ? "entries after " + last + " were cut off: a checkpoint was signed for entry " + stray.getKey()
                    : "a checkpoint for a position the chain does not have");
        }
        if (witnessed.isPresent() && witnessed.get().seq() > last) {
            findings.add(last + 1, 0, "entries after " + last + " were cut off: the chain was seen reaching entry "
                    + witnessed.get().seq());
        }
        long queued = unlinked(connection, strict, findings);
        orphans(connection, findings);
        return findings.report(entries, checked, queued, new ChainHead(last, previous));
    }

    /** Records not in the chain: fine while queued for it, otherwise slipped in behind the trail's back. */
    private long unlinked(Connection connection, boolean strict, Findings findings) throws SQLException {
        long queued = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + Chain.EVENT_COLUMNS
                + ", p.event_id FROM audit_event e LEFT JOIN audit_pending p ON p.event_id = e.event_id"
                + " WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.event_id) ORDER BY e.event_id");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                SealedContent content = Chain.content(row, 1);
                long eventId = content.eventId();
                // looked up again when the join says no: the chainer dequeues a record as it links it
                boolean isQueued = row.getObject(Chain.EVENT_COLUMN_COUNT + 1) != null
                        || exists(connection, "audit_pending", eventId);
                if (!keys.sealMatches(content, Chain.seal(row, 1))) {
                    findings.add(0, eventId, "the record does not match its seal: it was altered");
                } else if (isQueued) {
                    queued++;
                    if (strict) {
                        findings.add(0, eventId, "the record is not linked into the chain yet");
                    }
                } else if (!exists(connection, "audit_chain", eventId)) {
                    findings.add(0, eventId, "the record is neither in the chain nor queued for it: it was added"
                            + " behind the trail's back");
                }
            }
        }
        return queued;
    }

    /**
     * Whether a record is in the queue or the chain now. A join may miss what commits while it
     * reads (Derby reads the joined table first), so a record found neither in the chain nor in
     * the queue is looked up again before it is called out.
     */
    private static boolean exists(Connection connection, String table, long eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE event_id = ?")) {
            select.setLong(1, eventId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void orphans(Connection connection, Findings findings) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT p.event_id FROM audit_pending p"
                + " WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.event_id = p.event_id) ORDER BY p.event_id");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                findings.add(0, row.getLong(1), "the record was queued for the chain and is gone from the trail");
            }
        }
    }

    private Map<Long, Checkpoint> checkpoints(Connection connection) throws SQLException {
        Map<Long, Checkpoint> checkpoints = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, entry_hash, signed_at, signature FROM audit_checkpoint ORDER BY seq");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                checkpoints.put(row.getLong(1), new Checkpoint(row.getString(2).trim(), row.getTimestamp(3).getTime(),
                        row.getString(4).trim()));
            }
        }
        return checkpoints;
    }

    private Checkpoint checkpoint(Connection connection, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT entry_hash, signed_at, signature FROM audit_checkpoint WHERE seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Checkpoint(row.getString(1).trim(), row.getTimestamp(2).getTime(),
                        row.getString(3).trim()) : null;
            }
        }
    }

    private final class Checkpoint {

        private final String entryHash;
        private final long signedAt;
        private final String signature;

        Checkpoint(String entryHash, long signedAt, String signature) {
            this.entryHash = entryHash;
            this.signedAt = signedAt;
            this.signature = signature;
        }

        void check(long seq, long eventId, String chainHash, Findings findings) {
            if (!Chain.isCheckpoint(seq)) {
                findings.add(seq, eventId, "a checkpoint where none is signed");
            } else if (!keys.signatureMatches(Chain.checkpoint(seq, entryHash, signedAt), signature)) {
                findings.add(seq, eventId, "its checkpoint's signature is not valid: the checkpoint was altered");
            } else if (!entryHash.equals(chainHash)) {
                findings.add(seq, eventId, "the chain was rewritten: its signed checkpoint holds another hash");
            }
        }
    }

    /** Problems as found, listed up to {@link #LISTED}, reported in chain order. */
    private static final class Findings {

        private final List<Verification.Problem> listed = new ArrayList<>();
        private long count;

        void add(long seq, long eventId, String what) {
            count++;
            if (listed.size() < LISTED) {
                listed.add(new Verification.Problem(seq, eventId, what));
            }
        }

        Verification report(long entries, long checkpoints, long queued, ChainHead head) {
            listed.sort(Comparator.comparingLong((Verification.Problem p) -> p.seq() > 0 ? p.seq() : Long.MAX_VALUE)
                    .thenComparingLong(Verification.Problem::eventId));
            return new Verification(entries, checkpoints, queued, head, List.copyOf(listed), count);
        }
    }
}
