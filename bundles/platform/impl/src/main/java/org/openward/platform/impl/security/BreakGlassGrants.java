package org.openward.platform.impl.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.BreakGlass;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.Channel;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.impl.users.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Break-glass grants in {@code platform_break_glass}: started by a clinician who states a reason
 * and signs in again, good for one patient until they expire (or the holder ends them), each
 * start and end reported to the audit trail, and every grant kept for an auditor's review.
 */
@Component(service = {BreakGlass.class, BreakGlassGrants.class}, configurationPid = PlatformSecurity.PID)
public class BreakGlassGrants implements BreakGlass {

    /** A grant as the holder and the auditors see it. */
    public record Grant(String id, String username, String patientId, String reason, Instant startedAt,
            Instant expiresAt, Instant endedAt, String endReason, Instant reviewedAt, String reviewedBy,
            String reviewOutcome, String reviewComment) {
    }

    /** What an auditor concludes about a grant. */
    public static final Set<String> REVIEW_OUTCOMES = Set.of("appropriate", "inappropriate");

    static final int MIN_REASON = 10;
    static final int MAX_TEXT = 1000;
    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(BreakGlassGrants.class);
    private static final String COLUMNS = "grant_id, username, patient_id, reason, started_at, expires_at, ended_at,"
            + " end_reason, reviewed_at, reviewed_by, review_outcome, review_comment";

    private final PlatformDatabase db;
    private final PlatformSecurity security;
    private final Clock clock;
    private final Duration lifetime;
    private ScheduledExecutorService sweeper;

    @Activate
    public BreakGlassGrants(@Reference PlatformDatabase db, @Reference PlatformSecurity security,
            PlatformSecurity.Config config) {
        this(db, security, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)),
                Duration.ofMinutes(config.breakGlassMinutes()));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "openward-break-glass-sweeper"));
        sweeper.scheduleWithFixedDelay(this::endExpired, 30, 30, TimeUnit.SECONDS);
    }

    /**
     * For tests outside OSGi and for the DS constructor.
     *
     * @param clock at millisecond resolution, as the database keeps time
     */
    public BreakGlassGrants(PlatformDatabase db, PlatformSecurity security, Clock clock, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("breakGlassMinutes must be positive");
        }
        this.db = db;
        this.security = security;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    @Deactivate
    void deactivate() {
        if (sweeper != null) {
            // not shutdownNow: no interrupt in the middle of a database write
            sweeper.shutdown();
        }
    }

    /**
     * Breaks the glass for the current caller: their role must allow it, the reason must say
     * something, and they sign in again (password, and code when they have a second factor).
     */
    public Grant start(String patientId, String reason, char[] password, String code) {
        try {
            security.checkPermission(PERMISSION_START);
            if (patientId == null || !PATIENT_ID.matcher(patientId).matches()) {
                throw new InvalidInputException("OW-0140", "patient", "patient: the id of the patient whose chart to open");
            }
            String why = reason == null ? "" : reason.strip();
            if (why.length() < MIN_REASON || why.length() > MAX_TEXT || why.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("OW-0141", "reason", "reason: say why you need this chart ("
                        + MIN_REASON + " to " + MAX_TEXT + " characters, one line); auditors read it");
            }
            if (password == null || password.length == 0) {
                throw new InvalidInputException("OW-0142", "password", "password: sign in again to break the glass");
            }
            security.reauthenticate(password, code);
            Caller caller = security.currentCaller();
            Instant now = clock.instant();
            Grant grant = new Grant(UUID.randomUUID().toString(), caller.username(), patientId, why, now,
                    now.plus(lifetime), null, null, null, null, null, null);
            db.tx(em -> em.createNativeQuery("INSERT INTO platform_break_glass"
                    + " (grant_id, username, patient_id, reason, started_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, grant.id()).setParameter(2, grant.username()).setParameter(3, patientId)
                    .setParameter(4, why).setParameter(5, Timestamp.from(now))
                    .setParameter(6, Timestamp.from(grant.expiresAt())).executeUpdate());
            report(SecurityEvent.Type.BREAK_GLASS_START, grant, caller, "grant " + grant.id() + " until "
                    + grant.expiresAt() + "; reason: " + why);
            return grant;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** Ends one of the caller's own grants before it expires. */
    public Grant end(String grantId) {
        security.checkPermission(PERMISSION_START);
        Caller caller = security.currentCaller();
        Grant grant = find(grantId).filter(g -> g.username().equals(caller.username()))
                .orElseThrow(() -> new NotFoundException("OW-0143", "you hold no break-glass grant " + grantId));
        if (!close(grant, "ended")) {
            throw new ConflictException("OW-0144", "break-glass grant " + grantId + " has already ended");
        }
        report(SecurityEvent.Type.BREAK_GLASS_END, grant, caller, "grant " + grantId + " ended by its holder");
        return find(grantId).orElseThrow();
    }

    /** Ends every grant past its expiry and reports each end once. */
    public void endExpired() {
        try {
            Instant now = clock.instant();
            List<Grant> expired = query("WHERE ended_at IS NULL AND expires_at <= ?1", Timestamp.from(now));
            for (Grant grant : expired) {
                if (close(grant, "expired")) {
                    report(SecurityEvent.Type.BREAK_GLASS_END, grant, systemCaller(),
                            "grant " + grant.id() + " expired at " + grant.expiresAt());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not end expired break-glass grants; trying again shortly", e);
        }
    }

    /** The auditors' queue: grants not yet reviewed (or all of them), newest first. */
    public List<Grant> reviewQueue(boolean unreviewedOnly) {
        security.checkPermission(PERMISSION_REVIEW);
        return unreviewedOnly ? query("WHERE reviewed_at IS NULL ORDER BY started_at DESC")
                : query("ORDER BY started_at DESC");
    }

    /** An auditor's conclusion on a grant; each grant is reviewed once. */
    public Grant review(String grantId, String outcome, String comment) {
        security.checkPermission(PERMISSION_REVIEW);
        if (outcome == null || !REVIEW_OUTCOMES.contains(outcome)) {
            throw new InvalidInputException("OW-0145", "outcome", "outcome: one of " + REVIEW_OUTCOMES);
        }
        String note = comment == null ? "" : comment.strip();
        if (note.length() > MAX_TEXT || note.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("OW-0146", "comment", "comment: at most " + MAX_TEXT + " characters, one line");
        }
        Grant grant = find(grantId).orElseThrow(() -> new NotFoundException("OW-0147", "no break-glass grant " + grantId));
        Caller caller = security.currentCaller();
        int reviewed = db.tx(em -> em.createNativeQuery("UPDATE platform_break_glass SET reviewed_at = ?1,"
                + " reviewed_by = ?2, review_outcome = ?3, review_comment = ?4 WHERE grant_id = ?5 AND reviewed_at IS NULL")
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, caller.username())
                .setParameter(3, outcome).setParameter(4, note).setParameter(5, grantId).executeUpdate());
        if (reviewed == 0) {
            throw new ConflictException("OW-0148", "break-glass grant " + grantId + " has already been reviewed");
        }
        report(SecurityEvent.Type.BREAK_GLASS_REVIEWED, grant, caller, "grant " + grantId + " of " + grant.username()
                + " reviewed: " + outcome + (note.isEmpty() ? "" : "; " + note));
        return find(grantId).orElseThrow();
    }

    @Override
    public boolean isGranted(String patientId) {
        Caller caller = security.currentCaller();
        return db.tx(em -> !em.createNativeQuery("SELECT grant_id FROM platform_break_glass WHERE username = ?1"
                + " AND patient_id = ?2 AND ended_at IS NULL AND expires_at > ?3")
                .setParameter(1, caller.username()).setParameter(2, patientId)
                .setParameter(3, Timestamp.from(clock.instant())).setMaxResults(1).getResultList().isEmpty());
    }

    private Optional<Grant> find(String grantId) {
        return grantId == null ? Optional.empty()
                : query("WHERE grant_id = ?1", grantId).stream().findFirst();
    }

    /** Marks the grant ended unless it already is; whether this call ended it. */
    private boolean close(Grant grant, String why) {
        return db.tx(em -> em.createNativeQuery("UPDATE platform_break_glass SET ended_at = ?1, end_reason = ?2"
                + " WHERE grant_id = ?3 AND ended_at IS NULL")
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, why).setParameter(3, grant.id())
                .executeUpdate()) == 1;
    }

    private List<Grant> query(String where, Object... values) {
        return db.tx(em -> {
            var select = em.createNativeQuery("SELECT " + COLUMNS + " FROM platform_break_glass " + where);
            for (int i = 0; i < values.length; i++) {
                select.setParameter(i + 1, values[i]);
            }
            return ((List<?>) select.getResultList()).stream().map(row -> toGrant((Object[]) row)).toList();
        });
    }

    private static Grant toGrant(Object[] row) {
        return new Grant((String) row[0], (String) row[1], (String) row[2], (String) row[3], instant(row[4]),
                instant(row[5]), instant(row[6]), (String) row[7], instant(row[8]), (String) row[9], (String) row[10],
                (String) row[11]);
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    /** Reports an event on the grant; the holder is its actor, except for a review (the auditor). */
    private void report(SecurityEvent.Type type, Grant grant, Caller caller, String detail) {
        String actor = type == SecurityEvent.Type.BREAK_GLASS_REVIEWED ? caller.username() : grant.username();
        security.publish(new SecurityEvent(type, actor, detail, caller.channel(), caller.sourceAddress(),
                caller.requestId(), clock.instant(), grant.patientId()));
    }

    private static Caller systemCaller() {
        return new Caller("system:break-glass-expiry", Channel.SYSTEM, "system", UUID.randomUUID().toString());
    }
}
