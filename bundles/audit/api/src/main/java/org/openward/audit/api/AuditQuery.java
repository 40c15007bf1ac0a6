package org.openward.audit.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which records to return, newest first: those matching every criterion given. Start with
 * {@link #latest(int)} or {@link #forPatient(String, int)} and narrow it down; each method
 * returns a new query.
 */
public final class AuditQuery {

    /** The most records one query returns. */
    public static final int MAX_LIMIT = 1000;

    private final String patientId;
    private final String actor;
    private final Set<AuditAction> actions;
    private final Instant since;
    private final Instant until;
    private final int offset;
    private final int limit;

    private AuditQuery(String patientId, String actor, Set<AuditAction> actions, Instant since, Instant until,
            int offset, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        this.patientId = patientId;
        this.actor = actor;
        this.actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
        this.since = since;
        this.until = until;
        this.offset = offset;
        this.limit = limit;
    }

    /** The newest records, whatever they are about. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, Set.of(), null, null, 0, limit);
    }

    /** The newest records about one patient. */
    public static AuditQuery forPatient(String patientId, int limit) {
        return latest(limit).patient(patientId);
    }

    /** Only records about this patient. */
    public AuditQuery patient(String id) {
        return new AuditQuery(id, actor, actions, since, until, offset, limit);
    }

    /** Only records of this user (a username, or {@code system:<task>}). */
    public AuditQuery actor(String username) {
        return new AuditQuery(patientId, username, actions, since, until, offset, limit);
    }

    /** Only records of these actions; none given means any. */
    public AuditQuery actions(Set<AuditAction> wanted) {
        return new AuditQuery(patientId, actor, Objects.requireNonNull(wanted, "actions"), since, until, offset, limit);
    }

    /** Only records of these actions. */
    public AuditQuery actions(AuditAction first, AuditAction... more) {
        return actions(EnumSet.of(first, more));
    }

    /** Only records from this instant on (inclusive). */
    public AuditQuery since(Instant from) {
        return new AuditQuery(patientId, actor, actions, from, until, offset, limit);
    }

    /** Only records from before this instant (exclusive). */
    public AuditQuery until(Instant to) {
        return new AuditQuery(patientId, actor, actions, since, to, offset, limit);
    }

    /** Skips this many of the newest matches (paging). */
    public AuditQuery offset(int skip) {
        return new AuditQuery(patientId, actor, actions, since, until, skip, limit);
    }

    public String patientId() {
        return patientId;
    }

    public String actor() {
        return actor;
    }

    /** The actions wanted; empty for any. */
    public Set<AuditAction> actions() {
        return actions;
    }

    public Instant since() {
        return since;
    }

    public Instant until() {
        return until;
    }

    public int offset() {
        return offset;
    }

    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (patientId != null) {
            text.append(" patient=").append(patientId);
        }
        if (actor != null) {
            text.append(" actor=").append(actor);
        }
        if (!actions.isEmpty()) {
            text.append(" action=").append(actions.stream().map(Enum::name).sorted().toList());
        }
        if (since != null) {
            text.append(" since=").append(since);
        }
        if (until != null) {
            text.append(" until=").append(until);
        }
        if (offset > 0) {
            text.append(" offset=").append(offset);
        }
        return text.append(" limit=").append(limit).substring(1);
    }
}
