package org.openward.platform.impl.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;

import org.apache.openjpa.persistence.OpenJPAEntityManager;

import org.openward.platform.api.events.DomainEvent;

/**
 * The outbox's SQL (see V9__event_outbox.sql), on the connection of the platform persistence
 * unit's current transaction; the same statements on Derby and PostgreSQL.
 */
final class OutboxTables implements AutoCloseable {

    private final Connection connection;

    /**
     * Statements in the entity manager's transaction. OpenJPA begins the database transaction of
     * an entity manager lazily, at its first write; it is begun here first, or a resource-local
     * connection would still be in auto-commit (under JTA the pool enlists it either way).
     */
    OutboxTables(EntityManager em) {
        OpenJPAEntityManager openjpa = em.unwrap(OpenJPAEntityManager.class);
        if (!openjpa.isStoreActive()) {
            openjpa.beginStore();
        }
        this.connection = (Connection) openjpa.getConnection();
    }

    /** Gives the handle back; the transaction keeps its connection until it ends. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("event outbox: cannot release the connection", e);
        }
    }

    void insert(String id, String type, String source, String patientId, String subject, Instant occurred, String data) {
        update("INSERT INTO platform_event (event_id, event_type, source_module, patient_id, subject, occurred_at, data)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, type, source, patientId, subject, Timestamp.from(occurred), data);
    }

    /** Gives up to {@code limit} committed events without a position the next positions, under the sequencer's lock. */
    int sequence(int limit) {
        update("UPDATE platform_event_sequencer SET last_position = last_position WHERE sequencer_id = 1");
        long last = single("SELECT last_position FROM platform_event_sequencer WHERE sequencer_id = 1");
        List<Long> waiting = new ArrayList<>();
        query("SELECT entry_id FROM platform_event WHERE position IS NULL ORDER BY entry_id FETCH FIRST " + limit
                + " ROWS ONLY", List.of(), row -> waiting.add(row.getLong(1)));
        for (long entry : waiting) {
            update("UPDATE platform_event SET position = ? WHERE entry_id = ?", ++last, entry);
        }
        if (!waiting.isEmpty()) {
            update("UPDATE platform_event_sequencer SET last_position = ? WHERE sequencer_id = 1", last);
        }
        return waiting.size();
    }

    /** Locks the consumer's cursor row (creating it at the start of the outbox) and returns its position. */
    long lockCursor(String consumer, Set<String> types, Instant now) {
        String typeList = String.join(",", new TreeSet<>(types));
        if (update("UPDATE platform_event_cursor SET event_types = ? WHERE consumer = ?", typeList, consumer) == 0) {
            update("INSERT INTO platform_event_cursor (consumer, event_types, position, processed, failures, updated_at)"
                    + " VALUES (?, ?, 0, 0, 0, ?)", consumer, typeList, Timestamp.from(now));
            return 0;
        }
        return single("SELECT position FROM platform_event_cursor WHERE consumer = ?", consumer);
    }

    /** The first event of the types after the position, or {@code null}. */
    DomainEvent next(long after, Set<String> types) {
        List<DomainEvent> found = new ArrayList<>();
        ofTypes("SELECT event_id, position, event_type, source_module, patient_id, subject, occurred_at, data"
                + " FROM platform_event", after, types, " ORDER BY position FETCH FIRST 1 ROWS ONLY",
                row -> found.add(new DomainEvent(row.getLong(2), row.getString(1), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getTimestamp(7).toInstant(),
                        EventData.read(row.getString(8)))));
        return found.isEmpty() ? null : found.get(0);
    }

    void advance(String consumer, long position, Instant now) {
        update("UPDATE platform_event_cursor SET position = ?, processed = processed + 1, failures = 0,"
                + " last_error = NULL, updated_at = ? WHERE consumer = ?", position, Timestamp.from(now), consumer);
    }

    void failed(String consumer, String error, Instant now) {
        update("UPDATE platform_event_cursor SET failures = failures + 1, last_error = ?, updated_at = ?"
                + " WHERE consumer = ?", error.length() > 1000 ? error.substring(0, 1000) : error, Timestamp.from(now),
                consumer);
    }

    /** Every cursor, with its backlog. */
    List<EventDispatcher.Cursor> cursors(Set<String> running) {
        List<EventDispatcher.Cursor> cursors = new ArrayList<>();
        query("SELECT consumer, event_types, position, processed, failures, last_error, updated_at"
                + " FROM platform_event_cursor ORDER BY consumer", List.of(), row -> {
                    Set<String> types = new TreeSet<>(List.of(row.getString(2).split(",")));
                    types.remove("");
                    cursors.add(new EventDispatcher.Cursor(row.getString(1), types, row.getLong(3), row.getLong(4), 0,
                            row.getInt(5), row.getString(6), row.getTimestamp(7).toInstant(),
                            running.contains(row.getString(1))));
                });
        List<EventDispatcher.Cursor> withBacklog = new ArrayList<>();
        for (EventDispatcher.Cursor c : cursors) {
            withBacklog.add(new EventDispatcher.Cursor(c.consumer(), c.types(), c.position(), c.processed(),
                    backlog(c.position(), c.types()), c.failures(), c.lastError(), c.updatedAt(), c.registered()));
        }
        return withBacklog;
    }

    long unsequenced() {
        return single("SELECT COUNT(*) FROM platform_event WHERE position IS NULL");
    }

    private long backlog(long after, Set<String> types) {
        long[] count = new long[1];
        ofTypes("SELECT COUNT(*) FROM platform_event", after, types, "", row -> count[0] = row.getLong(1));
        return count[0];
    }

    /** {@code select WHERE position > after AND event_type IN (types) tail}; nothing when there are no types. */
    private void ofTypes(String select, long after, Set<String> types, String tail, Row each) {
        if (types.isEmpty()) {
            return;
        }
        List<Object> values = new ArrayList<>();
        values.add(after);
        values.addAll(new TreeSet<>(types));
        query(select + " WHERE position > ? AND event_type IN (" + String.join(", ", Collections.nCopies(types.size(), "?"))
                + ")" + tail, values, each);
    }

    /** What to do with one row of a result. */
    private interface Row {
        void read(ResultSet row) throws SQLException;
    }

    private long single(String sql, Object... values) {
        long[] value = new long[1];
        query(sql, List.of(values), row -> value[0] = row.getLong(1));
        return value[0];
    }

    private void query(String sql, List<Object> values, Row each) {
        try (PreparedStatement statement = prepare(sql, values.toArray()); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                each.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("event outbox: " + sql, e);
        }
    }

    private int update(String sql, Object... values) {
        try (PreparedStatement statement = prepare(sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("event outbox: " + sql, e);
        }
    }

    private PreparedStatement prepare(String sql, Object[] values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
        return statement;
    }
}
