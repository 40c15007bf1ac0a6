package org.openward.records.impl;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.error.OpenWardException;
import org.openward.platform.api.persistence.Sequences;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.BreakGlass;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PatientService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Patients, with the permission checked first and the audit record written in the same
 * transaction as the work: both commit or neither does. A call that fails is audited after its
 * transaction has rolled back, so the failure is on record and nothing else is stored.
 */
@Component(configurationPid = PatientServiceImpl.PID)
@Designate(ocd = PatientServiceImpl.Config.class)
public class PatientServiceImpl implements PatientService {

    public static final String PID = "org.openward.records";

    @ObjectClassDefinition(name = "OpenWard records", description = "The electronic health record.")
    public @interface Config {
        @AttributeDefinition(name = "MRN system",
                description = "The identifier system (a URI or urn:oid:) of this site's medical record numbers.")
        String mrnSystem() default "urn:openward:mrn";
    }

    private static final String PATIENT = "Patient";

    private final RecordsDatabase db;
    private final AccessControl access;
    private final AuditTrail audit;
    private final Sequences sequences;
    private final BreakGlass breakGlass;
    private final String mrnSystem;
    private final Clock clock;
    private final PatientValidator validator;

    @Activate
    public PatientServiceImpl(@Reference RecordsDatabase db, @Reference AccessControl access,
            @Reference AuditTrail audit, @Reference Sequences sequences, @Reference BreakGlass breakGlass,
            Config config) {
        this(db, access, audit, sequences, breakGlass, config.mrnSystem(),
                Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /**
     * For tests outside OSGi, and the DS constructor.
     *
     * @param clock at millisecond resolution, as the database keeps time
     */
    public PatientServiceImpl(RecordsDatabase db, AccessControl access, AuditTrail audit, Sequences sequences,
            BreakGlass breakGlass, String mrnSystem, Clock clock) {
        this.db = db;
        this.access = access;
        this.audit = audit;
        this.sequences = sequences;
        this.breakGlass = breakGlass;
        this.mrnSystem = mrnSystem;
        this.clock = clock;
        this.validator = new PatientValidator(clock);
    }

    @Override
    public String mrnSystem() {
        return mrnSystem;
    }

    @Override
    public Patient register(Patient patient) {
        return audited(AuditAction.CREATE, PERMISSION_CREATE, null, () -> {
            validator.validate(patient, mrnSystem);
            return db.tx(em -> {
                PatientRepository patients = new PatientRepository(em, mrnSystem);
                String mrn = patient.mrn();
                if (mrn == null) {
                    mrn = Mrns.fromSequence(sequences.next("records_mrn_seq"));
                } else if (patients.mrnTaken(mrn)) {
                    throw duplicateMrn(mrn);
                }
                PatientEntity entity = new PatientEntity(UUID.randomUUID().toString(), mrn, now(),
                        access.currentCaller().username());
                PatientMapper.apply(entity, patient);
                em.persist(entity);
                em.flush();
                audit.record(event(AuditAction.CREATE, entity.getId(), null));
                PatientVisibility visibility = new PatientVisibility(access, breakGlass);
                Set<String> reaches = visibility.reaches(em, List.of(entity.getId()), null)
                        .getOrDefault(entity.getId(), Set.of());
                return PatientMapper.toPatient(entity).withholding(visibility.withheld(reaches));
            });
        });
    }

    @Override
    public Patient get(String id) {
        PatientVisibility visibility = new PatientVisibility(access, breakGlass);
        String permission = visibility.readsSome() ? readPermission(visibility) : PERMISSION_READ;
        return audited(AuditAction.READ, permission, id, () -> db.tx(em -> {
            PatientEntity entity = new PatientRepository(em, mrnSystem).find(id);
            Set<String> reaches = entity == null ? Set.of() : visibility.reaches(em, List.of(id),
                    ownPatientIdIfReads(visibility, em)).getOrDefault(id, Set.of());
            if (entity != null && reaches.isEmpty() && visibility.reads(PatientVisibility.IN_CARE)) {
                throw new PatientVisibility.NotInCare(PERMISSION_READ_IN_CARE, id);
            }
            if (reaches.isEmpty()) {
                throw notFound(id);
            }
            audit.record(event(AuditAction.READ, id, reaches.contains(PatientVisibility.ANY) ? null
                    : "through " + String.join(", ", new TreeSet<>(reaches))));
            return PatientMapper.toPatient(entity).withholding(visibility.withheld(reaches));
        }));
    }

    /** The read permission the caller's widest reach rests on: reading who a patient is. */
    private static String readPermission(PatientVisibility visibility) {
        String reach = visibility.reads(PatientVisibility.ANY) ? PatientVisibility.ANY
                : visibility.reads(PatientVisibility.IN_CARE) ? PatientVisibility.IN_CARE : PatientVisibility.OWN;
        return reach + ":read:" + PatientVisibility.IDENTITY;
    }

    @Override
    public Patient update(String id, Patient patient) {
        boolean inCareOnly = !access.isPermitted(PERMISSION_UPDATE) && access.isPermitted(PERMISSION_UPDATE_IN_CARE);
        PatientVisibility visibility = new PatientVisibility(access, breakGlass);
        return audited(AuditAction.UPDATE, inCareOnly ? PERMISSION_UPDATE_IN_CARE : PERMISSION_UPDATE, id, () -> {
            validator.validate(patient, mrnSystem);
            return db.tx(em -> {
                PatientEntity entity = found(new PatientRepository(em, mrnSystem).find(id), id);
                Set<String> reaches = visibility.reaches(em, List.of(id), null).getOrDefault(id, Set.of());
                if (inCareOnly && !reaches.contains(PatientVisibility.IN_CARE)) {
                    throw new PatientVisibility.NotInCare(PERMISSION_UPDATE_IN_CARE, id);
                }
                if (patient.mrn() != null && !patient.mrn().equals(entity.getMrn())) {
                    throw new InvalidInputException("OW-1117", "identifier",
                            "the MRN of a patient cannot change (it is " + entity.getMrn() + ")");
                }
                PatientMapper.apply(entity, patient);
                entity.stamp(now(), access.currentCaller().username());
                em.flush();
                audit.record(event(AuditAction.UPDATE, id, null));
                return PatientMapper.toPatient(entity).withholding(visibility.withheld(reaches));
            });
        });
    }

    @Override
    public PatientPage search(PatientQuery asked) {
        boolean ownOnly = ownOnly(PERMISSION_SEARCH, PERMISSION_SEARCH_OWN);
        String description = describe(asked) + (ownOnly ? " (own record only)" : "");
        PatientVisibility visibility = new PatientVisibility(access, breakGlass);
        return audited(AuditAction.SEARCH, ownOnly ? PERMISSION_SEARCH_OWN : PERMISSION_SEARCH, null, () -> db.tx(em -> {
            String own = ownOnly ? ownPatientId(em) : ownPatientIdIfReads(visibility, em);
            PatientQuery query = ownOnly ? ownRecordOnly(asked, own) : asked;
            PatientRepository patients = new PatientRepository(em, mrnSystem);
            // the page first: patients registered meanwhile can only raise the count after it
            List<PatientEntity> page = query.count() == 0 ? List.of() : patients.page(query);
            int total = Math.max(patients.count(query), query.offset() + page.size());
            if (page.isEmpty()) {
                audit.record(event(AuditAction.SEARCH, null, description + " -> 0 of " + total));
            }
            for (PatientEntity entity : page) {
                audit.record(event(AuditAction.SEARCH, entity.getId(), description));
            }
            // found: who they are; of the rest, what the caller reads of each
            Map<String, Set<String>> reaches = visibility.reaches(em, page.stream().map(PatientEntity::getId).toList(), own);
            return new PatientPage(total, page.stream().map(entity -> PatientMapper.toPatient(entity)
                    .withholding(visibility.withheld(reaches.getOrDefault(entity.getId(), Set.of())))).toList());
        }));
    }

    @Override
    public void linkPortalAccount(String username, String patientId) {
        audited(AuditAction.USER_CHANGE, PERMISSION_LINK_PORTAL, patientId, () -> db.tx(em -> {
            if (username == null || username.isBlank() || username.length() > 64) {
                throw new InvalidInputException("OW-1130", "username", "username: 1 to 64 characters");
            }
            found(new PatientRepository(em, mrnSystem).find(patientId), patientId);
            em.createNativeQuery("DELETE FROM records_portal_link WHERE username = ?1")
                    .setParameter(1, username).executeUpdate();
            em.createNativeQuery("INSERT INTO records_portal_link (username, patient_id, linked_at, linked_by)"
                    + " VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, username).setParameter(2, patientId)
                    .setParameter(3, now())
                    .setParameter(4, access.currentCaller().username())
                    .executeUpdate();
            audit.record(AuditEvent.of(AuditAction.USER_CHANGE, AuditOutcome.SUCCESS).patient(patientId)
                    .resource(PATIENT, patientId).detail("portal account " + username + " linked to this patient"));
            return null;
        }));
    }

    /** Whether the caller may use this method on their own record only. */
    private boolean ownOnly(String permission, String ownPermission) {
        return !access.isPermitted(permission) && access.isPermitted(ownPermission);
    }

    /** The patient the calling portal account is; {@code null} when it is linked to none. */
    private String ownPatientId(EntityManager em) {
        return PatientVisibility.portalPatient(em, access.currentCaller().username());
    }

    /** The caller's own patient, looked up only for a caller who reads their own record (portal accounts). */
    private String ownPatientIdIfReads(PatientVisibility visibility, EntityManager em) {
        return visibility.reads(PatientVisibility.OWN) ? ownPatientId(em) : null;
    }

    /** The query narrowed to one patient: none at all when the account is linked to nobody. */
    private static PatientQuery ownRecordOnly(PatientQuery q, String own) {
        String id = own == null || (q.id() != null && !q.id().equals(own)) ? "-" : own;
        return new PatientQuery(id, q.name(), q.family(), q.given(), q.birthDateFrom(), q.birthDateTo(),
                q.identifierSystem(), q.identifierValue(), q.gender(), q.offset(), q.count());
    }

    /**
     * Checks the permission, runs the work, and records a failure after its transaction rolled
     * back. Refusals are recorded by the platform (AccessControl) already.
     */
    private <T> T audited(AuditAction action, String permission, String patientId, Supplier<T> work) {
        access.checkPermission(permission);
        try {
            return work.get();
        } catch (PatientVisibility.NotInCare e) {
            audit.record(AuditEvent.of(AuditAction.ACCESS_DENIED, AuditOutcome.DENIED).patient(patientId)
                    .resource(PATIENT, patientId).detail(action + " refused: not in the caller's care, no break-glass grant"));
            throw e;
        } catch (AccessDeniedException e) {
            throw e;
        } catch (OpenWardException e) {
            audit.record(AuditEvent.of(action, AuditOutcome.FAILURE).patient(patientId)
                    .resource(PATIENT, patientId).detail(e.code()));
            throw e;
        } catch (RuntimeException e) {
            ConflictException duplicate = uniqueViolation(e);
            if (duplicate == null) {
                throw e;
            }
            audit.record(AuditEvent.of(action, AuditOutcome.FAILURE).detail(duplicate.code()));
            throw duplicate;
        }
    }

    private AuditEvent event(AuditAction action, String patientId, String detail) {
        return AuditEvent.of(action, AuditOutcome.SUCCESS).patient(patientId).resource(PATIENT, patientId).detail(detail);
    }

    private static PatientEntity found(PatientEntity entity, String id) {
        if (entity == null) {
            throw notFound(id);
        }
        return entity;
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("OW-1404", "no patient with id " + id);
    }

    private static ConflictException duplicateMrn(String mrn) {
        return new ConflictException("OW-1409", "another patient already has MRN " + mrn);
    }

    /** Two registrations racing for one MRN: the database's unique constraint decides. */
    private static ConflictException uniqueViolation(Throwable failure) {
        return RecordsDatabase.isUniqueViolation(failure)
                ? new ConflictException("OW-1409", "another patient already has this MRN") : null;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    static String describe(PatientQuery q) {
        StringJoiner text = new StringJoiner(" ", "patient search:", "");
        if (q.id() != null) {
            text.add("_id=" + q.id());
        }
        if (q.name() != null) {
            text.add("name(" + q.name().mode() + ")=" + q.name().text());
        }
        if (q.family() != null) {
            text.add("family(" + q.family().mode() + ")=" + q.family().text());
        }
        if (q.given() != null) {
            text.add("given(" + q.given().mode() + ")=" + q.given().text());
        }
        if (q.birthDateFrom() != null) {
            text.add("birthdate>=" + q.birthDateFrom());
        }
        if (q.birthDateTo() != null) {
            text.add("birthdate<=" + q.birthDateTo());
        }
        if (q.gender() != null) {
            text.add("gender=" + q.gender().code());
        }
        if (q.identifierSystem() != null || q.identifierValue() != null) {
            text.add("identifier=" + (q.identifierSystem() == null ? "" : q.identifierSystem()) + "|"
                    + (q.identifierValue() == null ? "" : q.identifierValue()));
        }
        return text.add("offset=" + q.offset()).add("count=" + q.count()).toString();
    }
}
