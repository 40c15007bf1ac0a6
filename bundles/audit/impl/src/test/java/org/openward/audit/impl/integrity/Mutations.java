package org.openward.audit.impl.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random single tampering with a linked trail, in raw SQL, as someone with write access to the
 * database could do it; each says where verification must report the first problem.
 */
final class Mutations {

    enum Kind {
        MODIFY_RECORD, MODIFY_ENTRY, MODIFY_CHECKPOINT,
        DELETE_RECORD, DELETE_ENTRY, DELETE_RECORD_AND_ENTRY, DELETE_CHECKPOINT,
        INSERT_RECORD, INSERT_ENTRY, INSERT_CHECKPOINT,
        SWAP_RECORDS, SWAP_ENTRY_RECORDS, SWAP_ENTRY_POSITIONS,
        TRUNCATE_TAIL
    }

    /**
     * A mutation made.
     *
     * @param firstSeq the chain position of the first problem, 0 for a record outside the chain
     * @param firstEventId the record the first problem names, 0 for none
     */
    record Applied(String description, long firstSeq, long firstEventId) {
    }

    /** Columns of a record and whether they may be empty. */
    private static final String[] RECORD_TEXT = {"audit_action", "outcome", "actor", "channel", "source_address",
        "request_id", "patient_id", "resource_type", "resource_id", "detail", "row_seal"};
    private static final Set<String> NULLABLE = Set.of("patient_id", "resource_type", "resource_id", "detail");
    private static final String HEX = "0123456789abcdef";

    private final Random random;
    private final Set<Kind> applied = EnumSet.noneOf(Kind.class);
    /** The clean chain: the record at each position, 1-based. */
    private List<Long> chain;
    private long lastEventId;

    Mutations(long seed) {
        this.random = new Random(seed);
    }

    boolean allKindsApplied() {
        return applied.size() == Kind.values().length;
    }

    Set<Kind> kindsApplied() {
        return applied;
    }

    Applied apply(Connection connection) throws SQLException {
        if (chain == null) {
            readCleanChain(connection);
        }
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        applied.add(kind);
        int size = chain.size();
        long seq = 1 + random.nextInt(size);
        long eventId = eventAt(seq);
        long checkpoint = Chain.CHECKPOINT_EVERY * (1 + random.nextInt(size / Chain.CHECKPOINT_EVERY));
        long unused = lastEventId + 1000 + random.nextInt(1000);
        switch (kind) {
            case MODIFY_RECORD: {
                if (random.nextInt(14) == 0) {
                    update(connection, "UPDATE audit_event SET event_id = ? WHERE event_id = ?", unused, eventId);
                    return new Applied("record " + eventId + " renumbered " + unused, seq, eventId);
                }
                if (random.nextInt(13) == 0) {
                    Timestamp at = timestamp(connection, "SELECT recorded_at FROM audit_event WHERE event_id = ?", eventId);
                    update(connection, "UPDATE audit_event SET recorded_at = ? WHERE event_id = ?",
                            new Timestamp(at.getTime() + 1 + random.nextInt(5000)), eventId);
                    return new Applied("record " + eventId + " re-timed", seq, eventId);
                }
                String column = RECORD_TEXT[random.nextInt(RECORD_TEXT.length)];
                String old = text(connection, "SELECT " + column + " FROM audit_event WHERE event_id = ?", eventId);
                String changed = column.equals("row_seal") ? changeHex(old) : change(old, NULLABLE.contains(column));
                update(connection, "UPDATE audit_event SET " + column + " = ? WHERE event_id = ?", changed, eventId);
                return new Applied("record " + eventId + " " + column + " changed", seq, eventId);
            }
            case MODIFY_ENTRY: {
                switch (random.nextInt(5)) {
                    case 0:
                        update(connection, "UPDATE audit_chain SET seq = ? WHERE seq = ?", size + 10, seq);
                        return new Applied("entry " + seq + " moved to " + (size + 10), seq, 0);
                    case 1:
                        update(connection, "UPDATE audit_chain SET event_id = ? WHERE seq = ?", unused, seq);
                        return new Applied("entry " + seq + " pointed at " + unused, seq, unused);
                    case 2: {
                        Timestamp at = timestamp(connection, "SELECT chained_at FROM audit_chain WHERE seq = ?", seq);
                        update(connection, "UPDATE audit_chain SET chained_at = ? WHERE seq = ?",
                                new Timestamp(at.getTime() - 1 - random.nextInt(5000)), seq);
                        return new Applied("entry " + seq + " re-timed", seq, eventId);
                    }
                    default: {
                        String column = random.nextBoolean() ? "prev_hash" : "entry_hash";
                        String old = text(connection, "SELECT " + column + " FROM audit_chain WHERE seq = ?", seq);
                        update(connection, "UPDATE audit_chain SET " + column + " = ? WHERE seq = ?", changeHex(old), seq);
                        return new Applied("entry " + seq + " " + column + " changed", seq, eventId);
                    }
                }
            }
            case MODIFY_CHECKPOINT: {
                long at = eventAt(checkpoint);
                switch (random.nextInt(4)) {
                    case 0:
                        update(connection, "UPDATE audit_checkpoint SET seq = ? WHERE seq = ?", checkpoint + 1, checkpoint);
                        return new Applied("checkpoint " + checkpoint + " moved", checkpoint, at);
                    case 1: {
                        Timestamp signed = timestamp(connection, "SELECT signed_at FROM audit_checkpoint WHERE seq = ?",
                                checkpoint);
                        update(connection, "UPDATE audit_checkpoint SET signed_at = ? WHERE seq = ?",
                                new Timestamp(signed.getTime() + 1), checkpoint);
                        return new Applied("checkpoint " + checkpoint + " re-timed", checkpoint, at);
                    }
                    default: {
                        String column = random.nextBoolean() ? "entry_hash" : "signature";
                        String old = text(connection, "SELECT " + column + " FROM audit_checkpoint WHERE seq = ?",
                                checkpoint);
                        update(connection, "UPDATE audit_checkpoint SET " + column + " = ? WHERE seq = ?",
                                changeHex(old), checkpoint);
                        return new Applied("checkpoint " + checkpoint + " " + column + " changed", checkpoint, at);
                    }
                }
            }
            case DELETE_RECORD:
                update(connection, "DELETE FROM audit_event WHERE event_id = ?", eventId);
                return new Applied("record " + eventId + " deleted", seq, eventId);
            case DELETE_ENTRY:
                update(connection, "DELETE FROM audit_chain WHERE seq = ?", seq);
                return new Applied("entry " + seq + " deleted", seq, 0);
            case DELETE_RECORD_AND_ENTRY:
                update(connection, "DELETE FROM audit_event WHERE event_id = ?", eventId);
                update(connection, "DELETE FROM audit_chain WHERE seq = ?", seq);
                return new Applied("record " + eventId + " and its entry " + seq + " deleted", seq, 0);
            case DELETE_CHECKPOINT:
                update(connection, "DELETE FROM audit_checkpoint WHERE seq = ?", checkpoint);
                return new Applied("checkpoint " + checkpoint + " deleted", checkpoint, eventAt(checkpoint));
            case INSERT_RECORD:
                update(connection, "INSERT INTO audit_event SELECT CAST(? AS BIGINT), recorded_at, audit_action, outcome,"
                        + " actor, channel, source_address, request_id, patient_id, resource_type, resource_id, detail,"
                        + " row_seal, plugin FROM audit_event WHERE event_id = ?", lastEventId + 1, eventId);
                return new Applied("copy of record " + eventId + " inserted as " + (lastEventId + 1), 0,
                        lastEventId + 1);
            case INSERT_ENTRY: {
                String head = text(connection, "SELECT entry_hash FROM audit_chain WHERE seq = ?", (long) size);
                update(connection, "INSERT INTO audit_chain (seq, event_id, chained_at, prev_hash, entry_hash)"
                        + " VALUES (?, ?, CURRENT_TIMESTAMP, ?, ?)", size + 1L, unused, head, changeHex(head));
                return new Applied("entry " + (size + 1) + " appended for " + unused, size + 1, unused);
            }
            case INSERT_CHECKPOINT: {
                long plain = Chain.isCheckpoint(seq) ? seq - 1 : seq;
                update(connection, "INSERT INTO audit_checkpoint (seq, entry_hash, signed_at, signature)"
                        + " SELECT CAST(? AS BIGINT), entry_hash, signed_at, signature FROM audit_checkpoint WHERE seq = ?",
                        plain, checkpoint);
                return new Applied("checkpoint added at " + plain, plain, eventAt(plain));
            }
            case SWAP_RECORDS: {
                // swapping the ids leaves each record's content under the other's id
                long other = otherSeq(seq);
                long otherId = eventAt(other);
                update(connection, "UPDATE audit_event SET event_id = -1 WHERE event_id = ?", eventId);
                update(connection, "UPDATE audit_event SET event_id = ? WHERE event_id = ?", eventId, otherId);
                update(connection, "UPDATE audit_event SET event_id = ? WHERE event_id = -1", otherId);
                long first = Math.min(seq, other);
                return new Applied("records " + eventId + " and " + otherId + " swapped contents", first,
                        eventAt(first));
            }
            case SWAP_ENTRY_RECORDS: {
                long other = otherSeq(seq);
                update(connection, "UPDATE audit_chain SET event_id = -1 WHERE seq = ?", seq);
                update(connection, "UPDATE audit_chain SET event_id = ? WHERE seq = ?", eventId, other);
                update(connection, "UPDATE audit_chain SET event_id = ? WHERE seq = ?", eventAt(other), seq);
                long first = Math.min(seq, other);
                return new Applied("entries " + seq + " and " + other + " swapped records", first,
                        eventAt(first == seq ? other : seq));
            }
            case SWAP_ENTRY_POSITIONS: {
                long other = otherSeq(seq);
                update(connection, "UPDATE audit_chain SET seq = -1 WHERE seq = ?", seq);
                update(connection, "UPDATE audit_chain SET seq = ? WHERE seq = ?", seq, other);
                update(connection, "UPDATE audit_chain SET seq = ? WHERE seq = -1", other);
                long first = Math.min(seq, other);
                return new Applied("entries " + seq + " and " + other + " swapped places", first,
                        eventAt(first == seq ? other : seq));
            }
            case TRUNCATE_TAIL: {
                long keep = size - 1 - random.nextInt(Math.min(20, size - 1));
                update(connection, "DELETE FROM audit_event WHERE event_id IN"
                        + " (SELECT event_id FROM audit_chain WHERE seq > ?)", keep);
                update(connection, "DELETE FROM audit_chain WHERE seq > ?", keep);
                updateAny(connection, "DELETE FROM audit_checkpoint WHERE seq > ?", keep);
                return new Applied("tail after " + keep + " cut off", keep + 1, 0);
            }
            default:
                throw new AssertionError(kind);
        }
    }

    private long otherSeq(long seq) {
        long other;
        do {
            other = 1 + random.nextInt(chain.size());
        } while (other == seq);
        return other;
    }

    private long eventAt(long seq) {
        return chain.get((int) seq - 1);
    }

    private void readCleanChain(Connection connection) throws SQLException {
        chain = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, event_id FROM audit_chain ORDER BY seq");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                if (rows.getLong(1) != chain.size() + 1) {
                    throw new IllegalStateException("the clean chain has a gap at " + rows.getLong(1));
                }
                chain.add(rows.getLong(2));
            }
        }
        lastEventId = chain.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private String change(String old, boolean nullable) {
        if (old == null || old.isEmpty()) {
            return "x";
        }
        if (nullable && random.nextInt(4) == 0) {
            return null;
        }
        int at = random.nextInt(old.length());
        char replacement = old.charAt(at) == 'x' ? 'y' : 'x';
        return old.substring(0, at) + replacement + old.substring(at + 1);
    }

    private String changeHex(String old) {
        String trimmed = old.trim();
        int at = random.nextInt(trimmed.length());
        char current = trimmed.charAt(at);
        char replacement = HEX.charAt((HEX.indexOf(current) + 1 + random.nextInt(HEX.length() - 1)) % HEX.length());
        return trimmed.substring(0, at) + replacement + trimmed.substring(at + 1);
    }

    /** Runs a statement that must change a row. */
    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        if (updateAny(connection, sql, values) < 1) {
            throw new IllegalStateException("no row changed by " + sql);
        }
    }

    private static int updateAny(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    statement.setNull(i + 1, Types.VARCHAR);
                } else {
                    statement.setObject(i + 1, values[i]);
                }
            }
            return statement.executeUpdate();
        }
    }

    private static String text(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, key);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static Timestamp timestamp(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, key);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getTimestamp(1);
            }
        }
    }
}
