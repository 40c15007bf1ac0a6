package org.openward.audit.impl.integrity;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How records are linked, the rules the chainer writes by and the verifier checks by. An
 * entry's hash is SHA-256 over the previous entry's hash, its position, the record's id, when
 * it was linked, and the record's whole content; every {@value #CHECKPOINT_EVERY}th entry is
 * signed.
 */
final class Chain {

    /** The "previous hash" of the first entry. */
    static final String GENESIS = "0".repeat(64);

    static final int CHECKPOINT_EVERY = 100;

    /** A record's columns, as {@link #content} reads them, on the table aliased {@code e}. */
    static final String EVENT_COLUMNS = "e.event_id, e.recorded_at, e.audit_action, e.outcome, e.actor, e.channel,"
            + " e.source_address, e.request_id, e.patient_id, e.resource_type, e.resource_id, e.detail, e.plugin, e.row_seal";

    /** The number of {@link #EVENT_COLUMNS}; the seal is the last. */
    static final int EVENT_COLUMN_COUNT = 14;

    private Chain() {
    }

    static String entryHash(String previousHash, long seq, long eventId, long chainedAtMillis, SealedContent content) {
        byte[] record = content.bytes();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(record.length + 96);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(previousHash.getBytes(StandardCharsets.US_ASCII));
            out.writeLong(seq);
            out.writeLong(eventId);
            out.writeLong(chainedAtMillis);
            out.write(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(AuditKeys.sha256(buffer.toByteArray()));
    }

    /** What a checkpoint's signature covers. */
    static byte[] checkpoint(long seq, String entryHash, long signedAtMillis) {
        return ("openward-audit-checkpoint:" + seq + ":" + entryHash + ":" + signedAtMillis)
                .getBytes(StandardCharsets.US_ASCII);
    }

    static boolean isCheckpoint(long seq) {
        return seq % CHECKPOINT_EVERY == 0;
    }

    /** The record in {@link #EVENT_COLUMNS} starting at {@code first}. */
    static SealedContent content(ResultSet row, int first) throws SQLException {
        return new SealedContent(row.getLong(first), row.getTimestamp(first + 1).getTime(), row.getString(first + 2),
                row.getString(first + 3), row.getString(first + 4), row.getString(first + 5), row.getString(first + 6),
                row.getString(first + 7), row.getString(first + 8), row.getString(first + 9), row.getString(first + 10),
                row.getString(first + 11), row.getString(first + 12));
    }

    /** The record's seal in {@link #EVENT_COLUMNS} starting at {@code first}. */
    static String seal(ResultSet row, int first) throws SQLException {
        return row.getString(first + EVENT_COLUMN_COUNT - 1);
    }

    /** A record as stored, with its seal. */
    record Sealed(SealedContent content, String seal) {
    }

    /** One record, read on its own. */
    static Optional<Sealed> record(Connection connection, long eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + EVENT_COLUMNS + " FROM audit_event e WHERE e.event_id = ?")) {
            select.setLong(1, eventId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Sealed(content(row, 1), seal(row, 1))) : Optional.empty();
            }
        }
    }
}
