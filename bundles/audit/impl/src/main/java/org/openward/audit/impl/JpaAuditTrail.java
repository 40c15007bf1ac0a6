package org.openward.audit.impl;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditPage;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.api.AuditTrail;
import org.openward.audit.impl.integrity.AuditKeys;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.persistence.Sequences;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.api.security.SecurityEventListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The trail in the {@code audit_event} table. Module events join the caller's transaction;
 * the platform's security events (logins, refusals) are written in a transaction of their own,
 * because the work they interrupt is usually rolled back. Each record is sealed with the site's
 * audit key as it is written and queued for the {@link org.openward.audit.impl.integrity.AuditChainer chain}.
 */
@Component(service = {AuditTrail.class, SecurityEventListener.class})
public class JpaAuditTrail implements AuditTrail, SecurityEventListener {

    static final int MAX_DETAIL = 2000;
    private static final String SEQUENCE = "audit_event_seq";
    /** The trail's records, as the audit names them when they are read. */
    static final String RESOURCE_TYPE = "AuditEvent";
    static final String NOT_FOUND = "OW-2404";
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final JpaTemplate jpa;
    private final AccessControl access;
    private final Sequences sequences;
    private final AuditKeys keys;
    private final Clock clock;

    @Activate
    public JpaAuditTrail(@Reference AuditDatabase database, @Reference AccessControl access,
            @Reference Sequences sequences, @Reference AuditKeys keys) {
        this(database, access, sequences, keys, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /**
     * For tests outside OSGi, and the DS constructor.
     *
     * @param clock at millisecond resolution, as the database keeps time
     */
    public JpaAuditTrail(AuditDatabase database, AccessControl access, Sequences sequences, AuditKeys keys,
            Clock clock) {
        this.jpa = database.jpa();
        this.access = access;
        this.sequences = sequences;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void record(AuditEvent event) {
        Caller caller = access.currentCaller();
        write(TransactionType.Required, new AuditEventEntity(sequences.next(SEQUENCE), clock.instant(),
                event.action(), event.outcome(), caller.username(), caller.channel().name(), caller.sourceAddress(),
                caller.requestId(), event.patientId(), event.resourceType(), event.resourceId(),
                printable(event.detail()), caller.plugin().orElse(null)));
    }

    @Override
    public void onSecurityEvent(SecurityEvent event) {
        AuditAction action = switch (event.type()) {
            case LOGIN_SUCCEEDED, LOGIN_FAILED -> AuditAction.LOGIN;
            case LOGOUT -> AuditAction.LOGOUT;
            case SESSION_TIMEOUT -> AuditAction.SESSION_TIMEOUT;
            case ACCESS_DENIED -> AuditAction.ACCESS_DENIED;
            case USER_CREATED, ACCOUNT_LOCKED, MFA_ENROLLED, MFA_RESET, ACCOUNT_DISABLED, ACCOUNT_ENABLED, ROLE_GRANTED,
                    ROLE_REVOKED -> AuditAction.USER_CHANGE;
            case BREAK_GLASS_START -> AuditAction.BREAK_GLASS_START;
            case BREAK_GLASS_END -> AuditAction.BREAK_GLASS_END;
            case BREAK_GLASS_REVIEWED -> AuditAction.EXECUTE;
            case MODULE_UPDATED, MODULE_ROLLED_BACK -> AuditAction.MODULE_CHANGE;
            // a type from a newer platform than this module knows: still recorded, as an execution
            default -> AuditAction.EXECUTE;
        };
        AuditOutcome outcome = switch (event.type()) {
            case LOGIN_FAILED, ACCESS_DENIED -> AuditOutcome.DENIED;
            default -> AuditOutcome.SUCCESS;
        };
        write(TransactionType.RequiresNew, new AuditEventEntity(sequences.next(SEQUENCE), event.time(), action,
                outcome, printable(event.username()), event.channel().name(), event.sourceAddress(), event.requestId(),
                event.patientId(), event.patientId() == null ? null : "Patient", event.patientId(),
                printable(event.detail()), pluginOf(event)));
    }

    /** The plugin the event's caller acts through: a refusal of a plugin's read names the plugin. */
    private String pluginOf(SecurityEvent event) {
        try {
            Caller caller = access.currentCaller();
            return caller.requestId().equals(event.requestId()) ? caller.plugin().orElse(null) : null;
        } catch (NotAuthenticatedException e) {
            return null; // a login, say: nobody is bound yet
        }
    }

    @Override
    public AuditPage search(AuditQuery query) {
        access.checkPermission(PERMISSION_READ);
        AuditPage page = jpa.txExpr(TransactionType.Required, em -> {
            StringBuilder where = new StringBuilder(" FROM AuditEventEntity e WHERE 1 = 1");
            List<Object> values = new ArrayList<>();
            if (query.patientId() != null) {
                values.add(query.patientId());
                where.append(" AND e.patientId = ?").append(values.size());
            }
            if (query.actor() != null) {
                values.add(query.actor());
                where.append(" AND e.actor = ?").append(values.size());
            }
            if (!query.actions().isEmpty()) {
                values.add(query.actions().stream().map(Enum::name).toList());
                where.append(" AND e.action IN ?").append(values.size());
            }
            if (query.since() != null) {
                values.add(Timestamp.from(query.since()));
                where.append(" AND e.recordedAt >= ?").append(values.size());
            }
            if (query.until() != null) {
                values.add(Timestamp.from(query.until()));
                where.append(" AND e.recordedAt < ?").append(values.size());
            }
            TypedQuery<AuditEventEntity> select = em.createQuery("SELECT e" + where + " ORDER BY e.id DESC",
                    AuditEventEntity.class).setFirstResult(query.offset()).setMaxResults(query.limit());
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(e)" + where, Long.class);
            for (int i = 0; i < values.size(); i++) {
                select.setParameter(i + 1, values.get(i));
                count.setParameter(i + 1, values.get(i));
            }
            List<AuditRecord> records = select.getResultList().stream().map(AuditEventEntity::toRecord).toList();
            int total = records.size() < query.limit() && (query.offset() == 0 || !records.isEmpty())
                    ? query.offset() + records.size()
                    : Math.toIntExact(count.getSingleResult());
            return new AuditPage(records, total);
        });
        record(AuditEvent.of(AuditAction.SEARCH, AuditOutcome.SUCCESS).resource(RESOURCE_TYPE, null)
                .detail("audit search: " + query));
        return page;
    }

    @Override
    public AuditRecord read(String id) {
        access.checkPermission(PERMISSION_READ);
        AuditEventEntity found = ID.matcher(id).matches()
                ? jpa.txExpr(TransactionType.Required, em -> em.find(AuditEventEntity.class, Long.parseLong(id)))
                : null;
        if (found == null) {
            record(AuditEvent.of(AuditAction.READ, AuditOutcome.FAILURE).resource(RESOURCE_TYPE, null)
                    .detail(NOT_FOUND + " id=" + printable(id)));
            throw new NotFoundException(NOT_FOUND, "no audit record " + printable(id));
        }
        AuditRecord read = found.toRecord();
        // not filed under the record's patient: an auditor's reading is no access to the patient's data
        record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).resource(RESOURCE_TYPE, id));
        return read;
    }

    private void write(TransactionType transaction, AuditEventEntity record) {
        record.seal(keys.seal(record.content()));
        jpa.tx(transaction, em -> {
            em.persist(record);
            em.persist(new AuditPendingEntity(record.content().eventId()));
        });
    }

    /**
     * Control characters replaced, length capped: the trail is shown in terminals and must not
     * carry escape sequences from callers.
     */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_DETAIL));
        for (int i = 0; i < text.length() && clean.length() < MAX_DETAIL; i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString();
    }
}
