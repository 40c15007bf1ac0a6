package org.openward.audit.impl;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.api.security.SecurityEventListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The trail in the {@code audit_event} table. Module events join the caller's transaction;
 * the platform's security events (logins, refusals) are written in a transaction of their own,
 * because the work they interrupt is usually rolled back.
 */
@Component(service = {AuditTrail.class, SecurityEventListener.class})
public class JpaAuditTrail implements AuditTrail, SecurityEventListener {

    static final int MAX_DETAIL = 2000;

    private final JpaTemplate jpa;
    private final AccessControl access;
    private final Clock clock;

    @Activate
    public JpaAuditTrail(@Reference SchemaMigrator migrator,
            @Reference(target = "(osgi.unit.name=openward-audit)") JpaTemplate jpa,
            @Reference AccessControl access) {
        this(migrator, jpa, access, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /**
     * For tests outside OSGi, and the DS constructor.
     *
     * @param clock at millisecond resolution, as the database keeps time
     */
    public JpaAuditTrail(SchemaMigrator migrator, JpaTemplate jpa, AccessControl access, Clock clock) {
        migrator.migrate("audit");
        this.jpa = jpa;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public void record(AuditEvent event) {
        Caller caller = access.currentCaller();
        write(TransactionType.Required, new AuditEventEntity(Timestamp.from(clock.instant()), event.action(),
                event.outcome(), caller.username(), caller.channel().name(), caller.sourceAddress(),
                caller.requestId(), event.patientId(), event.resourceType(), event.resourceId(),
                printable(event.detail())));
    }

    @Override
    public void onSecurityEvent(SecurityEvent event) {
        AuditAction action = switch (event.type()) {
            case LOGIN_SUCCEEDED, LOGIN_FAILED -> AuditAction.LOGIN;
            case LOGOUT -> AuditAction.LOGOUT;
            case ACCESS_DENIED -> AuditAction.ACCESS_DENIED;
            case USER_CREATED -> AuditAction.USER_CHANGE;
        };
        AuditOutcome outcome = switch (event.type()) {
            case LOGIN_FAILED, ACCESS_DENIED -> AuditOutcome.DENIED;
            default -> AuditOutcome.SUCCESS;
        };
        write(TransactionType.RequiresNew, new AuditEventEntity(Timestamp.from(event.time()), action, outcome,
                printable(event.username()), event.channel().name(), event.sourceAddress(), event.requestId(),
                null, null, null, printable(event.detail())));
    }

    @Override
    public List<AuditRecord> search(AuditQuery query) {
        access.checkPermission(PERMISSION_READ);
        List<AuditRecord> found = jpa.txExpr(TransactionType.Required, em -> {
            StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEventEntity e WHERE 1 = 1");
            List<Object> values = new ArrayList<>();
            if (query.patientId() != null) {
                values.add(query.patientId());
                jpql.append(" AND e.patientId = ?").append(values.size());
            }
            if (query.actor() != null) {
                values.add(query.actor());
                jpql.append(" AND e.actor = ?").append(values.size());
            }
            if (query.action() != null) {
                values.add(query.action().name());
                jpql.append(" AND e.action = ?").append(values.size());
            }
            if (query.since() != null) {
                values.add(Timestamp.from(query.since()));
                jpql.append(" AND e.recordedAt >= ?").append(values.size());
            }
            jpql.append(" ORDER BY e.id DESC");
            TypedQuery<AuditEventEntity> select = em.createQuery(jpql.toString(), AuditEventEntity.class)
                    .setMaxResults(query.limit());
            for (int i = 0; i < values.size(); i++) {
                select.setParameter(i + 1, values.get(i));
            }
            return select.getResultList().stream().map(AuditEventEntity::toRecord).toList();
        });
        record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).resource("AuditEvent", null).detail(describe(query)));
        return found;
    }

    private void write(TransactionType transaction, AuditEventEntity entity) {
        jpa.tx(transaction, em -> em.persist(entity));
    }

    private static String describe(AuditQuery query) {
        StringJoiner text = new StringJoiner(" ", "audit search:", "");
        if (query.patientId() != null) {
            text.add("patient=" + query.patientId());
        }
        if (query.actor() != null) {
            text.add("actor=" + query.actor());
        }
        if (query.action() != null) {
            text.add("action=" + query.action());
        }
        if (query.since() != null) {
            text.add("since=" + query.since());
        }
        return text.add("limit=" + query.limit()).toString();
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
