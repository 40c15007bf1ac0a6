package org.openward.records.impl.chart;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.error.OpenWardException;
import org.openward.platform.api.events.EventPublisher;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.BreakGlass;
import org.openward.records.api.ChartPage;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.ChartService;
import org.openward.records.impl.PatientVisibility;
import org.openward.records.impl.RecordsDatabase;
import org.openward.records.impl.chart.ChartAccess.Action;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.ResourceReferenceInfo;

/**
 * The chart, with the permission checked first and the audit record written in the same
 * transaction as the work; a call that fails is audited after its transaction rolled back.
 */
@Component
public class ChartServiceImpl implements ChartService {

    private static final int MAX_REASON = 1000;

    private final RecordsDatabase db;
    private final AccessControl access;
    private final AuditTrail audit;
    private final EventPublisher events;
    private final ChartAccess chartAccess;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();

    @Activate
    public ChartServiceImpl(@Reference RecordsDatabase db, @Reference AccessControl access,
            @Reference AuditTrail audit, @Reference BreakGlass breakGlass, @Reference EventPublisher events) {
        this(db, access, audit, breakGlass, events, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /** For tests outside OSGi, and the DS constructor; the clock at millisecond resolution. */
    public ChartServiceImpl(RecordsDatabase db, AccessControl access, AuditTrail audit, BreakGlass breakGlass,
            EventPublisher events, Clock clock) {
        this.db = db;
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.chartAccess = new ChartAccess(access, breakGlass);
        this.clock = clock;
    }

    @Override
    public DomainResource create(DomainResource resource) {
        ChartProfile<?> profile = profileOf(resource);
        return audited(AuditAction.CREATE, Action.WRITE, profile, null, null, () -> store(profile, null, resource.copy()));
    }

    @Override
    public DomainResource read(String type, String id) {
        ChartProfile<?> profile = ChartProfiles.of(type);
        return audited(AuditAction.READ, Action.READ, profile, id, null, () -> db.tx(em -> {
            ChartResourceEntity record = readable(em, profile, id);
            String reach = reachOrNotFound(em, profile, record, Action.READ);
            audit.record(event(AuditAction.READ, record, reach));
            return parse(new ChartRepository(em).bodies(List.of(record)).get(0));
        }));
    }

    @Override
    public DomainResource readVersion(String type, String id, int version) {
        ChartProfile<?> profile = ChartProfiles.of(type);
        return audited(AuditAction.READ, Action.READ, profile, id, null, () -> db.tx(em -> {
            ChartResourceEntity record = readable(em, profile, id);
            String reach = reachOrNotFound(em, profile, record, Action.READ);
            ChartVersionEntity stored = new ChartRepository(em).version(id, version);
            if (stored == null) {
                throw new NotFoundException("OW-1242", type + "/" + id + " has no version " + version
                        + " (its current version is " + record.getVersion() + ")");
            }
            audit.record(event(AuditAction.READ, record, reach + ", version " + version));
            return parse(stored.getBody());
        }));
    }

    @Override
    public List<DomainResource> history(String type, String id) {
        ChartProfile<?> profile = ChartProfiles.of(type);
        return audited(AuditAction.READ, Action.READ, profile, id, null, () -> db.tx(em -> {
            ChartResourceEntity record = readable(em, profile, id);
            String reach = reachOrNotFound(em, profile, record, Action.READ);
            List<DomainResource> versions = new ArrayList<>();
            for (ChartVersionEntity version : new ChartRepository(em).versions(id)) {
                versions.add(parse(version.getBody()));
            }
            audit.record(event(AuditAction.READ, record, reach + ", history of " + versions.size() + " versions"));
            return versions;
        }));
    }

    @Override
    public DomainResource update(String type, String id, DomainResource resource) {
        ChartProfile<?> profile = ChartProfiles.of(type);
        if (resource == null || !type.equals(resource.fhirType())) {
            throw new InvalidInputException("OW-1243", "resourceType", "the record must be a " + type);
        }
        return audited(AuditAction.UPDATE, Action.WRITE, profile, id, null, () -> store(profile, id, resource.copy()));
    }

    @Override
    public DomainResource enterInError(String type, String id, String reason) {
        ChartProfile<?> profile = ChartProfiles.of(type);
        return audited(AuditAction.UPDATE, Action.WRITE, profile, id, null, () -> db.tx(em -> {
            ChartResourceEntity record = readable(em, profile, id);
            reachOrNotFound(em, profile, record, Action.WRITE);
            DomainResource current = parse(new ChartRepository(em).bodies(List.of(record)).get(0));
            markEnteredInError(profile, current);
            current.addExtension(STATUS_REASON_EXTENSION, new StringType(reason));
            current.getMeta().setVersionId(null);
            return store(profile, id, current);
        }));
    }

    private static <R extends DomainResource> void markEnteredInError(ChartProfile<R> profile, DomainResource resource) {
        profile.markEnteredInError(profile.cast(resource));
    }

    @Override
    public ChartPage search(ChartQuery query) {
        ChartProfile<?> profile = ChartProfiles.of(query.type());
        return audited(AuditAction.SEARCH, Action.READ, profile, null, query.patientId(), () -> db.tx(em -> {
            ChartRepository chart = new ChartRepository(em);
            String reach = chartAccess.reach(em, query.patientId(), Action.READ, profile);
            String description = describe(query);
            if (reach == null) {
                audit.record(searched(query.patientId(), profile, description + " -> 0 (not the caller's own record)"));
                return new ChartPage(0, List.of());
            }
            List<ChartResourceEntity> page = query.count() == 0 ? List.of() : chart.page(query);
            int total = Math.max(chart.count(query), query.offset() + page.size());
            audit.record(searched(query.patientId(), profile, description + " -> " + page.size() + " of " + total
                    + " through " + reach));
            return new ChartPage(total, parse(chart.bodies(page)));
        }));
    }

    @Override
    public ChartPage everything(String patientId, int offset, int count) {
        List<ChartProfile<?>> readable = ChartProfiles.all().stream()
                .filter(profile -> chartAccess.mayAtAll(Action.READ, profile)).toList();
        if (readable.isEmpty()) {
            access.checkPermission(ChartAccess.ANY + ":read");
        }
        try {
            return db.tx(em -> {
                List<String> types = new ArrayList<>();
                List<String> reaches = new ArrayList<>();
                for (ChartProfile<?> profile : readable) {
                    String reach = chartAccess.reach(em, patientId, Action.READ, profile);
                    if (reach != null) {
                        types.add(profile.type());
                        reaches.add(profile.type() + " through " + reach);
                    }
                }
                ChartRepository chart = new ChartRepository(em);
                List<ChartResourceEntity> page = types.isEmpty() || count == 0 ? List.of()
                        : chart.everything(patientId, types, offset, count);
                int total = types.isEmpty() ? 0 : Math.max(chart.countEverything(patientId, types), offset + page.size());
                audit.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient(patientId)
                        .resource("Patient", patientId).detail("everything: " + page.size() + " of " + total
                                + " chart records from offset " + offset + " (" + String.join(", ", reaches) + ")"));
                return new ChartPage(total, parse(chart.bodies(page)));
            });
        } catch (PatientVisibility.NotInCare e) {
            audit.record(AuditEvent.of(AuditAction.ACCESS_DENIED, AuditOutcome.DENIED).patient(patientId)
                    .resource("Patient", patientId).detail("everything refused: not in the caller's care, no break-glass grant"));
            throw e;
        }
    }

    /** Checks and stores a new record ({@code id} null) or the next version of one. */
    private <R extends DomainResource> DomainResource store(ChartProfile<R> profile, String id, DomainResource given) {
        R resource = profile.cast(given);
        Checks checks = new Checks(profile.type());
        String patientId = patientId(profile, resource, checks);
        profile.check(resource, checks);
        boolean correction = profile.enteredInError(resource);
        String reason = reason(resource, checks, correction);
        if (id == null && correction) {
            throw checks.fault("OW-1206", "status", "a new record cannot be entered in error");
        }
        return db.tx(em -> {
            ChartRepository chart = new ChartRepository(em);
            if (!chart.patientExists(patientId)) {
                throw checks.fault("OW-1203", profile.patientElement(), "no patient with id " + patientId);
            }
            ChartResourceEntity record = id == null ? null : readable(em, profile, id);
            // whether the caller may write this chart, before anything about the record is told
            String chartOf = record == null ? patientId : record.getPatientId();
            String reach = chartAccess.reach(em, chartOf, Action.WRITE, profile);
            if (reach == null && record != null) {
                throw notFound(profile, id);
            }
            if (reach == null) {
                throw new AccessDeniedException(ChartAccess.permission(ChartAccess.OWN, Action.WRITE, profile),
                        "this is not your own record");
            }
            R previous = null;
            if (record != null) {
                previous = profile.cast(parse(chart.bodies(List.of(record)).get(0)));
                if (record.isEnteredInError()) {
                    throw new ConflictException("OW-1207", profile.type() + "/" + id
                            + " was entered in error; it no longer changes");
                }
                if (!record.getPatientId().equals(patientId)) {
                    throw checks.fault("OW-1209", profile.patientElement(), "a record's patient cannot change");
                }
                String expected = resource.getMeta().getVersionId();
                if (expected != null && !expected.equals(String.valueOf(record.getVersion()))) {
                    throw new ConflictException("OW-1208", profile.type() + "/" + id + " is at version "
                            + record.getVersion() + ", not " + expected + ": someone changed it meanwhile;"
                            + " read it again and redo the change");
                }
            }
            checkReferences(em, resource, patientId, checks);
            Instant now = clock.instant();
            String username = access.currentCaller().username();
            profile.complete(resource, previous, new ChartProfile.Author(username, now));
            Timestamp at = Timestamp.from(now);
            if (record == null) {
                record = new ChartResourceEntity(UUID.randomUUID().toString(), profile.type(), patientId, at, username);
            }
            resource.setId(record.getId());
            resource.getMeta().setVersionId(String.valueOf(record.getVersion() + 1)).setLastUpdated(Date.from(now));
            String body = fhir.newJsonParser().encodeResourceToString(resource);
            ChartProfile.Index index = profile.index(resource);
            if (previous == null) {
                chart.insert(record, index, body, at, username);
            } else {
                chart.update(record, index, body, at, username);
            }
            AuditAction action = previous == null ? AuditAction.CREATE : AuditAction.UPDATE;
            String detail = "version " + record.getVersion() + " through " + reach
                    + (correction ? "; entered in error: " + reason : "");
            audit.record(event(action, record, detail));
            if (profile.eventType() != null) {
                events.publish(profile.eventType(), patientId, profile.type() + "/" + record.getId(),
                        profile.eventData(resource, Integer.parseInt(resource.getMeta().getVersionId())));
            }
            return resource;
        });
    }

    private static <R extends DomainResource> String patientId(ChartProfile<R> profile, R resource, Checks checks) {
        org.hl7.fhir.r4.model.Reference patient = profile.patient(resource);
        String element = profile.patientElement();
        if (patient == null || !patient.hasReference()) {
            throw checks.fault("OW-1202", element, "required: a reference to the patient (Patient/{id})");
        }
        String reference = patient.getReference();
        if (!reference.startsWith("Patient/") || reference.length() == "Patient/".length()
                || reference.indexOf('/', "Patient/".length()) >= 0) {
            throw checks.fault("OW-1202", element, "must refer to a patient as Patient/{id}, was '" + reference + "'");
        }
        return reference.substring("Patient/".length());
    }

    /** A correction states its reason, on one line, in the status-reason extension. */
    private static String reason(DomainResource resource, Checks checks, boolean correction) {
        Extension extension = resource.getExtensionByUrl(STATUS_REASON_EXTENSION);
        String reason = extension != null && extension.getValue() instanceof StringType text ? text.getValue() : null;
        if (correction && (reason == null || reason.isBlank())) {
            throw checks.fault("OW-1206", "extension", "a record marked entered-in-error needs the reason in the"
                    + " extension " + STATUS_REASON_EXTENSION + " (valueString)");
        }
        if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
            throw checks.fault("OW-1206", "extension", "the reason: at most " + MAX_REASON + " characters on one line");
        }
        return reason;
    }

    /**
     * Every literal reference points into the same patient's chart: to the patient, or to a
     * record of a chart type. Others (practitioners, locations) go by identifier and display.
     */
    private void checkReferences(EntityManager em, DomainResource resource, String patientId, Checks checks) {
        FhirTerser terser = fhir.newTerser();
        ChartRepository chart = new ChartRepository(em);
        for (ResourceReferenceInfo info : terser.getAllResourceReferences(resource)) {
            IBaseReference reference = info.getResourceReference();
            String target = reference.getReferenceElement().getValue();
            if (target == null || target.startsWith("#")) {
                continue;
            }
            String[] parts = target.split("/");
            String element = info.getName();
            if (parts.length != 2) {
                throw checks.fault("OW-1202", element, "a reference is Type/{id}, was '" + target + "'");
            }
            if (parts[0].equals("Patient")) {
                if (!parts[1].equals(patientId)) {
                    throw checks.fault("OW-1202", element, "refers to another patient");
                }
            } else if (RESOURCE_TYPES.contains(parts[0])) {
                ChartResourceEntity referred = chart.find(parts[0], parts[1]);
                if (referred == null || !referred.getPatientId().equals(patientId)) {
                    throw checks.fault("OW-1202", element, "no " + target + " in this patient's chart");
                }
            } else {
                throw checks.fault("OW-1202", element, "this server keeps no " + parts[0] + " resources; name it by"
                        + " identifier and display instead of '" + target + "'");
            }
        }
    }

    private ChartResourceEntity readable(EntityManager em, ChartProfile<?> profile, String id) {
        ChartResourceEntity record = new ChartRepository(em).find(profile.type(), id);
        if (record == null) {
            throw notFound(profile, id);
        }
        return record;
    }

    /** The caller's reach to this record's chart; a portal patient's look at another's: not found. */
    private String reachOrNotFound(EntityManager em, ChartProfile<?> profile, ChartResourceEntity record, Action action) {
        String reach = chartAccess.reach(em, record.getPatientId(), action, profile);
        if (reach == null) {
            throw notFound(profile, record.getId());
        }
        return reach;
    }

    private static NotFoundException notFound(ChartProfile<?> profile, String id) {
        return new NotFoundException("OW-1241", "no " + profile.type() + " with id " + id);
    }

    private ChartProfile<?> profileOf(DomainResource resource) {
        if (resource == null || !RESOURCE_TYPES.contains(resource.fhirType())) {
            throw new InvalidInputException("OW-1243", "resourceType", "the chart keeps "
                    + String.join(", ", RESOURCE_TYPES) + (resource == null ? "" : ", not " + resource.fhirType()));
        }
        return ChartProfiles.of(resource.fhirType());
    }

    private DomainResource parse(String body) {
        IParser parser = fhir.newJsonParser();
        return (DomainResource) parser.parseResource(body);
    }

    private List<DomainResource> parse(List<String> bodies) {
        return bodies.stream().map(this::parse).toList();
    }

    /**
     * Checks that the caller may do this in some chart, runs the work, and records a failure
     * after its transaction rolled back. Refusals by permission are recorded by the platform.
     */
    private <T> T audited(AuditAction action, Action permission, ChartProfile<?> profile, String id, String patientId,
            Supplier<T> work) {
        chartAccess.checkAtAll(permission, profile);
        try {
            return work.get();
        } catch (PatientVisibility.NotInCare e) {
            audit.record(AuditEvent.of(AuditAction.ACCESS_DENIED, AuditOutcome.DENIED).patient(patientId)
                    .resource(profile.type(), id).detail(action + " refused: not in the caller's care, no break-glass grant"));
            throw e;
        } catch (AccessDeniedException e) {
            throw e;
        } catch (OpenWardException e) {
            audit.record(AuditEvent.of(action, AuditOutcome.FAILURE).patient(patientId)
                    .resource(profile.type(), id).detail(e.code()));
            throw e;
        } catch (RuntimeException e) {
            // two updates racing for one version number: the version table's primary key decides
            if (!RecordsDatabase.isUniqueViolation(e)) {
                throw e;
            }
            ConflictException conflict = new ConflictException("OW-1208", profile.type() + "/" + id
                    + " was changed by someone else at the same moment; read it again and redo the change");
            audit.record(AuditEvent.of(action, AuditOutcome.FAILURE).resource(profile.type(), id).detail(conflict.code()));
            throw conflict;
        }
    }

    private static AuditEvent event(AuditAction action, ChartResourceEntity record, String detail) {
        return AuditEvent.of(action, AuditOutcome.SUCCESS).patient(record.getPatientId())
                .resource(record.getType(), record.getId()).detail(detail);
    }

    private static AuditEvent searched(String patientId, ChartProfile<?> profile, String detail) {
        return AuditEvent.of(AuditAction.SEARCH, AuditOutcome.SUCCESS).patient(patientId)
                .resource(profile.type(), null).detail(detail);
    }

    static String describe(ChartQuery q) {
        StringJoiner text = new StringJoiner(" ", q.type() + " search:", "");
        text.add("patient=" + q.patientId());
        if (q.from() != null) {
            text.add("date>=" + q.from());
        }
        if (q.until() != null) {
            text.add("date<" + q.until());
        }
        q.codes().forEach(t -> text.add("code=" + token(t)));
        q.categories().forEach(t -> text.add("category=" + token(t)));
        if (!q.statuses().isEmpty()) {
            text.add("status=" + String.join(",", q.statuses()));
        }
        return text.add(q.newestFirst() ? "sort=-date" : "sort=date").add("offset=" + q.offset())
                .add("count=" + q.count()).toString();
    }

    private static String token(ChartQuery.Token token) {
        return (token.system() == null ? "" : token.system() + "|") + (token.code() == null ? "" : token.code());
    }
}
