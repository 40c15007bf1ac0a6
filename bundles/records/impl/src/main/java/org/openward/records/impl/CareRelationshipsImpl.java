package org.openward.records.impl;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.error.OpenWardException;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.CareRelationships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Care teams, ward stays and ward staff in the records tables. Changes need
 * {@link #PERMISSION_ASSIGN} and are audited; rows are ended, never deleted.
 */
@Component
public class CareRelationshipsImpl implements CareRelationships {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern WARD = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** The patients among these who are in this user's care, in one query per kind of relationship. */
    private static final String CARE_TEAM = "SELECT patient_id FROM records_care_team_member"
            + " WHERE username = ?1 AND left_at IS NULL AND patient_id IN (%s)";
    private static final String WARD_STAY = "SELECT s.patient_id FROM records_ward_stay s"
            + " JOIN records_ward_staff w ON w.ward = s.ward"
            + " WHERE w.username = ?1 AND w.ended_at IS NULL AND s.discharged_at IS NULL AND s.patient_id IN (%s)";

    private final RecordsDatabase db;
    private final AccessControl access;
    private final AuditTrail audit;
    private final Clock clock;

    @Activate
    public CareRelationshipsImpl(@Reference RecordsDatabase db, @Reference AccessControl access,
            @Reference AuditTrail audit) {
        this(db, access, audit, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /** For tests outside OSGi, and the DS constructor. */
    public CareRelationshipsImpl(RecordsDatabase db, AccessControl access, AuditTrail audit, Clock clock) {
        this.db = db;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void joinCareTeam(String patientId, String username) {
        access.checkPermission(PERMISSION_ASSIGN);
        String user = username(username);
        changePatient(patientId, "care team: " + user + " joined", em -> {
            if (em.createNativeQuery("SELECT username FROM records_care_team_member WHERE patient_id = ?1"
                    + " AND username = ?2 AND left_at IS NULL").setParameter(1, patientId).setParameter(2, user)
                    .getResultList().isEmpty()) {
                stamped(em.createNativeQuery("INSERT INTO records_care_team_member (patient_id, username, joined_at,"
                        + " joined_by) VALUES (?1, ?2, ?3, ?4)").setParameter(1, patientId).setParameter(2, user), 3)
                        .executeUpdate();
            }
        });
    }

    @Override
    public void leaveCareTeam(String patientId, String username) {
        access.checkPermission(PERMISSION_ASSIGN);
        String user = username(username);
        changePatient(patientId, "care team: " + user + " left", em -> em.createNativeQuery(
                "UPDATE records_care_team_member SET left_at = ?1 WHERE patient_id = ?2 AND username = ?3"
                        + " AND left_at IS NULL").setParameter(1, now()).setParameter(2, patientId)
                .setParameter(3, user).executeUpdate());
    }

    @Override
    public void admitToWard(String patientId, String ward) {
        access.checkPermission(PERMISSION_ASSIGN);
        String where = ward(ward);
        changePatient(patientId, "admitted to ward " + where, em -> {
            endStay(em, patientId);
            stamped(em.createNativeQuery("INSERT INTO records_ward_stay (patient_id, ward, admitted_at, admitted_by)"
                    + " VALUES (?1, ?2, ?3, ?4)").setParameter(1, patientId).setParameter(2, where), 3)
                    .executeUpdate();
        });
    }

    @Override
    public void discharge(String patientId) {
        access.checkPermission(PERMISSION_ASSIGN);
        changePatient(patientId, "discharged from the ward", em -> endStay(em, patientId));
    }

    @Override
    public void assignToWard(String username, String ward) {
        access.checkPermission(PERMISSION_ASSIGN);
        String user = username(username);
        String where = ward(ward);
        changeStaff(user + " assigned to ward " + where, em -> {
            if (em.createNativeQuery("SELECT username FROM records_ward_staff WHERE username = ?1 AND ward = ?2"
                    + " AND ended_at IS NULL").setParameter(1, user).setParameter(2, where).getResultList().isEmpty()) {
                stamped(em.createNativeQuery("INSERT INTO records_ward_staff (username, ward, assigned_at, assigned_by)"
                        + " VALUES (?1, ?2, ?3, ?4)").setParameter(1, user).setParameter(2, where), 3).executeUpdate();
            }
        });
    }

    @Override
    public void unassignFromWard(String username, String ward) {
        access.checkPermission(PERMISSION_ASSIGN);
        String user = username(username);
        String where = ward(ward);
        changeStaff(user + " no longer assigned to ward " + where, em -> em.createNativeQuery(
                "UPDATE records_ward_staff SET ended_at = ?1 WHERE username = ?2 AND ward = ?3 AND ended_at IS NULL")
                .setParameter(1, now()).setParameter(2, user).setParameter(3, where).executeUpdate());
    }

    @Override
    public boolean inCare(String patientId) {
        String username = access.currentCaller().username();
        return db.tx(em -> inCare(em, username, List.of(patientId))).contains(patientId);
    }

    /** The patients among {@code patientIds} in the user's care now, within the caller's transaction. */
    static Set<String> inCare(EntityManager em, String username, Collection<String> patientIds) {
        Set<String> found = new HashSet<>();
        if (patientIds.isEmpty()) {
            return found;
        }
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < patientIds.size(); i++) {
            marks.append(i == 0 ? "" : ", ").append('?').append(i + 2);
        }
        for (String sql : List.of(CARE_TEAM, WARD_STAY)) {
            Query query = em.createNativeQuery(String.format(sql, marks)).setParameter(1, username);
            int position = 2;
            for (String id : patientIds) {
                query.setParameter(position++, id);
            }
            for (Object id : query.getResultList()) {
                found.add((String) id);
            }
        }
        return found;
    }

    private void endStay(EntityManager em, String patientId) {
        em.createNativeQuery("UPDATE records_ward_stay SET discharged_at = ?1 WHERE patient_id = ?2"
                + " AND discharged_at IS NULL").setParameter(1, now()).setParameter(2, patientId).executeUpdate();
    }

    /** Sets the time and the acting user at the given parameter position and the next. */
    private Query stamped(Query query, int position) {
        return query.setParameter(position, now()).setParameter(position + 1, access.currentCaller().username());
    }

    private interface Change {
        void apply(EntityManager em);
    }

    /** A change to one patient's care relationships: the patient must exist; audited under the patient. */
    private void changePatient(String patientId, String what, Change change) {
        audited(patientId, what, () -> db.tx(em -> {
            if (patientId == null || new PatientRepository(em, null).find(patientId) == null) {
                throw new NotFoundException("OW-1404", "no patient with id " + patientId);
            }
            change.apply(em);
            audit.record(AuditEvent.of(AuditAction.UPDATE, AuditOutcome.SUCCESS).patient(patientId)
                    .resource("Patient", patientId).detail(what));
            return null;
        }));
    }

    private void changeStaff(String what, Change change) {
        audited(null, what, () -> db.tx(em -> {
            change.apply(em);
            audit.record(AuditEvent.of(AuditAction.USER_CHANGE, AuditOutcome.SUCCESS).detail(what));
            return null;
        }));
    }

    /** Runs a change (the permission checked already) and audits its failure after the rollback. */
    private void audited(String patientId, String what, Supplier<Object> work) {
        try {
            work.get();
        } catch (OpenWardException e) {
            audit.record(AuditEvent.of(AuditAction.UPDATE, AuditOutcome.FAILURE).patient(patientId)
                    .resource("Patient", patientId).detail(e.code() + " " + what));
            throw e;
        }
    }

    private static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("OW-1140", "username", "username: 1 to 64 letters, digits or ._@-");
        }
        return username;
    }

    private static String ward(String ward) {
        if (ward == null || !WARD.matcher(ward).matches()) {
            throw new InvalidInputException("OW-1141", "ward", "ward: 1 to 32 letters, digits, _ or -");
        }
        return ward;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
