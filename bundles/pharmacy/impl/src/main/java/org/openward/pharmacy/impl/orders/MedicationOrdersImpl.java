package org.openward.pharmacy.impl.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.MedicationOrders;
import org.openward.pharmacy.api.OrderQuery;
import org.openward.pharmacy.api.Verification;
import org.openward.pharmacy.impl.Audited;
import org.openward.pharmacy.impl.PatientCharts;
import org.openward.pharmacy.impl.PharmacyDatabase;
import org.openward.pharmacy.impl.PharmacySettings;
import org.openward.pharmacy.impl.safety.CurrentMedication;
import org.openward.pharmacy.impl.safety.OrderChecks;
import org.openward.pharmacy.impl.safety.PatientContext;
import org.openward.pharmacy.impl.safety.ProposedOrder;
import org.openward.pharmacy.impl.safety.ShippedInteractionKnowledgeBase;
import org.openward.pharmacy.spi.InteractionKnowledgeBase;
import org.openward.pharmacy.spi.Severity;
import org.openward.platform.api.cds.CdsHooks;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.ChartService;
import org.openward.records.api.PatientService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Medication orders: checked against the patient's allergies, current medications, weight and
 * every interaction knowledge base installed; stored with their alerts and overrides; verified
 * by a pharmacist. Every alert shown, accepted or overridden is on the audit trail.
 */
@Component(service = {MedicationOrders.class, MedicationOrdersImpl.class})
public class MedicationOrdersImpl implements MedicationOrders {

    public static final String READ = "pharmacy:order:read";
    public static final String WRITE = "pharmacy:order:write";
    public static final String VERIFY = "pharmacy:order:verify";
    /** The code system of the alert kinds and of their mitigation (accepted, overridden). */
    public static final String ALERT_SYSTEM = "https://openward.org/fhir/CodeSystem/medication-alert";
    static final String USER_SYSTEM = "https://openward.org/fhir/user";
    private static final String TYPE = "MedicationRequest";

    private final PharmacyDatabase db;
    private final AccessControl access;
    private final Audited audited;
    private final PatientCharts charts;
    private final PharmacySettings settings;
    private final Clock clock;
    private final List<InteractionKnowledgeBase> plugins = new CopyOnWriteArrayList<>();
    private final InteractionKnowledgeBase shipped;
    private final ExecutorService knowledgeCalls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "openward-interaction-check");
        thread.setDaemon(true);
        return thread;
    });
    private final OrderChecks checks;
    private final OrderSignCards decisionSupport;

    @Activate
    public MedicationOrdersImpl(@org.osgi.service.component.annotations.Reference PharmacyDatabase db, @org.osgi.service.component.annotations.Reference AccessControl access,
            @org.osgi.service.component.annotations.Reference AuditTrail audit, @org.osgi.service.component.annotations.Reference ChartService chart, @org.osgi.service.component.annotations.Reference PatientService patients,
            @org.osgi.service.component.annotations.Reference PharmacySettings settings,
            @org.osgi.service.component.annotations.Reference CdsHooks decisionSupport) {
        this(db, access, audit, new PatientCharts(chart, patients), settings, decisionSupport, Clock.systemUTC());
    }

    /** For tests outside OSGi. */
    public static MedicationOrdersImpl outsideOsgi(PharmacyDatabase db, AccessControl access, AuditTrail audit,
            PatientCharts charts, PharmacySettings settings, CdsHooks decisionSupport, Clock clock) {
        return new MedicationOrdersImpl(db, access, audit, charts, settings, decisionSupport, clock);
    }

    // not public: the component's runtime would try a public constructor of the same arity as its own
    private MedicationOrdersImpl(PharmacyDatabase db, AccessControl access, AuditTrail audit, PatientCharts charts,
            PharmacySettings settings, CdsHooks decisionSupport, Clock clock) {
        this.db = db;
        this.decisionSupport = new OrderSignCards(decisionSupport);
        this.access = access;
        this.audited = new Audited(audit);
        this.charts = charts;
        this.settings = settings;
        this.clock = clock;
        this.shipped = settings.shippedKnowledgeBase() ? new ShippedInteractionKnowledgeBase() : null;
        this.checks = new OrderChecks(settings.formulary(), settings.crossSensitivities(), this::knowledgeBases,
                settings.knowledgeBaseTimeout(), knowledgeCalls);
    }

    @org.osgi.service.component.annotations.Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addKnowledgeBase(InteractionKnowledgeBase knowledgeBase) {
        plugins.add(knowledgeBase);
    }

    public void removeKnowledgeBase(InteractionKnowledgeBase knowledgeBase) {
        plugins.remove(knowledgeBase);
    }

    @Deactivate
    void stop() {
        knowledgeCalls.shutdownNow();
    }

    private List<InteractionKnowledgeBase> knowledgeBases() {
        List<InteractionKnowledgeBase> all = new ArrayList<>(plugins);
        if (shipped != null) {
            all.add(0, shipped);
        }
        return all;
    }

    @Override
    public List<Alert> check(MedicationRequest proposed) {
        access.checkPermission(WRITE);
        return audited.run(AuditAction.EXECUTE, TYPE, null, subject(proposed), () -> {
            OrderForm form = OrderForm.read(proposed, settings.formulary(), clock.instant());
            List<Alert> alerts = alerts(proposed, form, null);
            for (Alert alert : alerts) {
                audited.record(alertEvent(form.patientId(), null, "alert shown", alert, null));
            }
            audited.record(AuditEvent.of(AuditAction.EXECUTE, AuditOutcome.SUCCESS).patient(form.patientId())
                    .resource(TYPE, null).detail("order check: " + describe(form) + " -> " + alerts.size() + " alerts"));
            return alerts;
        });
    }

    @Override
    public MedicationRequest order(MedicationRequest order) {
        access.checkPermission(WRITE);
        if (order.hasStatus() && order.getStatus() != MedicationRequest.MedicationRequestStatus.ACTIVE) {
            throw new InvalidInputException("OW-1513", "status", "a new order is active; leave the status out");
        }
        return audited.run(AuditAction.CREATE, TYPE, null, subject(order), () -> {
            OrderForm form = OrderForm.read(order, settings.formulary(), clock.instant());
            List<Alert> alerts = stopUnlessOverridden(order, form, null);
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            String by = access.currentCaller().username();
            MedicationRequest stored = prepared(order, form, alerts, now, by);
            stored.setAuthoredOn(Date.from(now));
            stored.setRequester(user(by));
            verification(stored, Verification.PENDING, null, null, null);
            MedicationRequest result = db.tx(em -> {
                MedicationRequest created = new OrderStore(em).create(id, form.patientId(), form.drug().rxnorm(), stored, now, by);
                recordAlerts(form, id, alerts);
                audited.record(AuditEvent.of(AuditAction.CREATE, AuditOutcome.SUCCESS).patient(form.patientId())
                        .resource(TYPE, id).detail("ordered " + describe(form) + "; " + alerts.size() + " alerts"));
                return created;
            });
            return result;
        });
    }

    @Override
    public MedicationRequest modify(String id, MedicationRequest changed) {
        access.checkPermission(WRITE);
        return audited.run(AuditAction.UPDATE, TYPE, id, subject(changed), () -> {
            OrderForm form = OrderForm.read(changed, settings.formulary(), clock.instant());
            OrderStore.Order current = db.tx(em -> new OrderStore(em).load(id));
            if (!current.row().getPatientId().equals(form.patientId())
                    || !current.row().getRxnorm().equals(form.drug().rxnorm())) {
                throw new InvalidInputException("OW-1514", "medicationCodeableConcept",
                        "the patient and the drug of an order do not change; discontinue it and order anew");
            }
            requireActive(current, "modified");
            List<Alert> alerts = stopUnlessOverridden(changed, form, id);
            Instant now = clock.instant();
            String by = access.currentCaller().username();
            MedicationRequest next = prepared(changed, form, alerts, now, by);
            next.setAuthoredOn(current.request().getAuthoredOn());
            next.setRequester(user(by));
            verification(next, Verification.PENDING, null, null, null);
            return db.tx(em -> {
                OrderStore store = new OrderStore(em);
                MedicationRequest stored = store.update(store.load(id), next, now, by);
                recordAlerts(form, id, alerts);
                audited.record(AuditEvent.of(AuditAction.UPDATE, AuditOutcome.SUCCESS).patient(form.patientId())
                        .resource(TYPE, id).detail("modified to " + describe(form) + " (version "
                                + stored.getMeta().getVersionId() + "); back to verification"));
                return stored;
            });
        });
    }

    @Override
    public MedicationRequest discontinue(String id, String reason) {
        access.checkPermission(WRITE);
        String why = reason(reason, "reason");
        return changeState(id, AuditAction.UPDATE, (order, now, by) -> {
            requireActive(order, "discontinued");
            MedicationRequest next = order.request().copy();
            next.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
            next.setStatusReason(new CodeableConcept().setText(why));
            return new Change(next, "discontinued: " + why);
        });
    }

    @Override
    public MedicationRequest verify(String id, Verification decision, String reason) {
        access.checkPermission(VERIFY);
        if (decision == null || decision == Verification.PENDING) {
            throw new InvalidInputException("OW-1515", "decision", "the decision is verified, rejected or queried");
        }
        String why = decision == Verification.VERIFIED && (reason == null || reason.isBlank()) ? null
                : reason(reason, "reason");
        return changeState(id, AuditAction.UPDATE, (order, now, by) -> {
            requireActive(order, "verified");
            Verification state = order.verification();
            if (state != Verification.PENDING && state != Verification.QUERIED) {
                throw new ConflictException("OW-1516", "MedicationRequest/" + id + " is already " + state.code());
            }
            MedicationRequest next = order.request().copy();
            verification(next, decision, by, now, why);
            if (decision == Verification.REJECTED) {
                next.setStatus(MedicationRequest.MedicationRequestStatus.CANCELLED);
                next.setStatusReason(new CodeableConcept().setText("rejected by pharmacist: " + why));
            }
            return new Change(next, "pharmacist " + decision.code() + (why == null ? "" : ": " + why));
        });
    }

    /**
     * Screens the patient's active orders against an allergy recorded or changed after they were
     * placed: an order that now has an allergy alert it did not have goes back to the
     * pharmacist's queue (pending verification, so that it is not dispensed or given meanwhile),
     * with the alert as a new DetectedIssue. Runs as the platform, for the allergy-recorded
     * event, in the transaction that also advances the event's cursor; seeing the same allergy
     * again changes nothing.
     *
     * @return how many orders went back to verification
     */
    public int rescreen(String patientId, String allergyId) {
        List<AllergyIntolerance> allergy = charts.allergies(patientId).stream()
                .filter(a -> allergyId.equals(a.getIdElement().getIdPart())).toList();
        if (allergy.isEmpty()) {
            return 0; // no longer active, refuted or entered in error: nothing to screen against
        }
        return db.tx(em -> {
            OrderStore store = new OrderStore(em);
            int flagged = 0;
            for (OrderStore.Order order : store.search(OrderQuery.activeFor(patientId))) {
                Set<String> known = order.request().getContained().stream()
                        .filter(DetectedIssue.class::isInstance)
                        .map(r -> ((DetectedIssue) r).getIdentifierFirstRep().getValue()).collect(Collectors.toSet());
                List<Alert> found = settings.formulary().drug(order.row().getRxnorm())
                        .map(drug -> checks.allergies(drug, allergy)).orElse(List.of()).stream()
                        .filter(alert -> !known.contains(alert.key())).toList();
                if (found.isEmpty()) {
                    continue;
                }
                Instant now = clock.instant();
                String by = access.currentCaller().username();
                MedicationRequest next = order.request().copy();
                int n = next.getContained().size();
                for (Alert alert : found) {
                    DetectedIssue issue = detectedIssue(alert, DetectedIssue.DetectedIssueStatus.PRELIMINARY);
                    issue.setId("alert-" + ++n);
                    next.addContained(issue);
                    next.addDetectedIssue(new Reference("#" + issue.getId()));
                }
                String why = "allergy recorded after the order: " + found.get(0).message();
                verification(next, Verification.PENDING, by, now, reason(why.length() > 900 ? why.substring(0, 900) : why,
                        "reason"));
                MedicationRequest stored = store.update(order, next, now, by);
                for (Alert alert : found) {
                    audited.record(alertEvent(patientId, order.id(), "alert raised on re-screening", alert, null));
                }
                audited.record(AuditEvent.of(AuditAction.UPDATE, AuditOutcome.SUCCESS).patient(patientId)
                        .resource(TYPE, order.id()).detail("back to verification: AllergyIntolerance/" + allergyId
                                + " recorded after the order (version " + stored.getMeta().getVersionId() + ")"));
                flagged++;
            }
            return flagged;
        });
    }

    /** A new version of an order and what the audit record says about it. */
    private record Change(MedicationRequest next, String detail) {
    }

    private interface Changer {
        Change apply(OrderStore.Order order, Instant now, String by);
    }

    private MedicationRequest changeState(String id, AuditAction action, Changer changer) {
        OrderStore.Order peek = db.tx(em -> new OrderStore(em).load(id));
        charts.requireChart(peek.row().getPatientId());
        return audited.run(action, TYPE, id, peek.row().getPatientId(), () -> db.tx(em -> {
            OrderStore store = new OrderStore(em);
            OrderStore.Order order = store.load(id);
            Instant now = clock.instant();
            String by = access.currentCaller().username();
            Change change = changer.apply(order, now, by);
            MedicationRequest stored = store.update(order, change.next(), now, by);
            audited.record(AuditEvent.of(action, AuditOutcome.SUCCESS).patient(order.row().getPatientId())
                    .resource(TYPE, id).detail(change.detail() + " (version " + stored.getMeta().getVersionId() + ")"));
            return stored;
        }));
    }

    @Override
    public MedicationRequest read(String id) {
        access.checkPermission(READ);
        OrderStore.Order order = db.tx(em -> new OrderStore(em).load(id));
        charts.requireChart(order.row().getPatientId());
        audited.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient(order.row().getPatientId())
                .resource(TYPE, id).detail("order read"));
        return order.request();
    }

    @Override
    public MedicationRequest readVersion(String id, int version) {
        access.checkPermission(READ);
        OrderStore.Order order = db.tx(em -> new OrderStore(em).load(id));
        charts.requireChart(order.row().getPatientId());
        MedicationRequest stored = db.tx(em -> new OrderStore(em).version(id, version));
        audited.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient(order.row().getPatientId())
                .resource(TYPE, id).detail("order read, version " + version));
        return stored;
    }

    @Override
    public List<MedicationRequest> history(String id) {
        access.checkPermission(READ);
        OrderStore.Order order = db.tx(em -> new OrderStore(em).load(id));
        charts.requireChart(order.row().getPatientId());
        List<MedicationRequest> versions = db.tx(em -> new OrderStore(em).history(id, order.row().getVersion()));
        audited.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient(order.row().getPatientId())
                .resource(TYPE, id).detail("order history, " + versions.size() + " versions"));
        return versions;
    }

    @Override
    public List<MedicationRequest> search(OrderQuery query) {
        access.checkPermission(READ);
        if (query.patientId() == null) {
            // every patient's orders: the pharmacist's queue
            access.checkPermission(VERIFY);
        } else {
            charts.requireChart(query.patientId());
        }
        List<MedicationRequest> found = new ArrayList<>();
        db.tx(em -> {
            for (OrderStore.Order order : new OrderStore(em).search(query)) {
                found.add(order.request());
            }
            return null;
        });
        audited.record(AuditEvent.of(AuditAction.SEARCH, AuditOutcome.SUCCESS).patient(query.patientId())
                .resource(TYPE, null).detail("orders" + (query.patientId() == null ? " of every patient" : "")
                        + (query.verification() == null ? "" : ", verification " + query.verification().code())
                        + (query.activeOnly() ? ", active" : "") + " -> " + found.size()));
        return found;
    }

    /** The alerts for an order; with every high one not overridden, the order stops here (audited). */
    private List<Alert> stopUnlessOverridden(MedicationRequest draft, OrderForm form, String orderId) {
        List<Alert> alerts = alerts(draft, form, orderId);
        List<Alert> open = alerts.stream()
                .filter(alert -> alert.severity() == Severity.HIGH && !form.overrides().containsKey(alert.key()))
                .toList();
        if (!open.isEmpty()) {
            for (Alert alert : alerts) {
                audited.record(alertEvent(form.patientId(), orderId, "alert shown", alert, null));
            }
            StringBuilder detail = new StringBuilder("the order stops at ").append(open.size())
                    .append(open.size() == 1 ? " high-severity alert" : " high-severity alerts")
                    .append("; override each with a reason (extension ").append(OVERRIDE_EXTENSION).append(") or change the order:");
            for (Alert alert : open) {
                detail.append(" [").append(alert.key()).append("] ").append(alert.message()).append(';');
            }
            throw new ConflictException("OW-1510", detail.substring(0, detail.length() - 1));
        }
        return alerts;
    }

    /** The order checks' alerts, then the decision support plugins' cards for the draft as alerts. */
    private List<Alert> alerts(MedicationRequest draft, OrderForm form, String orderId) {
        List<CurrentMedication> current = new ArrayList<>(charts.recordedMedications(form.patientId(), settings.formulary()));
        db.tx(em -> {
            for (OrderStore.Order other : new OrderStore(em).search(OrderQuery.activeFor(form.patientId()))) {
                if (!other.id().equals(orderId)) {
                    current.add(new CurrentMedication(settings.formulary().concept(other.row().getRxnorm(), null),
                            "order MedicationRequest/" + other.id()));
                }
            }
            return null;
        });
        PatientContext patient = new PatientContext(charts.allergies(form.patientId()), current,
                form.drug().limits().weightBased() ? charts.weightKg(form.patientId()) : null);
        List<Alert> alerts = new ArrayList<>(
                checks.check(new ProposedOrder(form.drug(), form.dose(), form.dosesPerDay(), form.asNeeded()), patient));
        alerts.addAll(decisionSupport.alerts(form.patientId(), draft));
        return alerts;
    }

    private void recordAlerts(OrderForm form, String orderId, Collection<Alert> alerts) {
        for (Alert alert : alerts) {
            String reason = form.overrides().get(alert.key());
            audited.record(alertEvent(form.patientId(), orderId, reason == null ? "alert accepted" : "alert overridden",
                    alert, reason));
        }
    }

    private static AuditEvent alertEvent(String patientId, String orderId, String what, Alert alert, String reason) {
        return AuditEvent.of(AuditAction.EXECUTE, AuditOutcome.SUCCESS).patient(patientId).resource(TYPE, orderId)
                .detail(what + ": " + alert.key() + " (" + alert.severity().code() + ") " + alert.message()
                        + (reason == null ? "" : "; reason: " + reason));
    }

    /** The order as it will be stored: the alerts as contained DetectedIssues with their mitigation. */
    private MedicationRequest prepared(MedicationRequest sent, OrderForm form, List<Alert> alerts, Instant now, String by) {
        MedicationRequest order = sent.copy();
        order.setId((String) null);
        order.setMeta(null);
        order.getContained().clear();
        order.getDetectedIssue().clear();
        order.getExtension().removeIf(extension -> OVERRIDE_EXTENSION.equals(extension.getUrl())
                || VERIFICATION_EXTENSION.equals(extension.getUrl()) || HIGH_ALERT_EXTENSION.equals(extension.getUrl()));
        order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.getMedicationCodeableConcept().getCodingFirstRep().setDisplay(form.drug().name());
        if (settings.isHighAlert(form.drug())) {
            order.addExtension(HIGH_ALERT_EXTENSION, new BooleanType(true));
        }
        int n = 0;
        for (Alert alert : alerts) {
            DetectedIssue issue = detectedIssue(alert, DetectedIssue.DetectedIssueStatus.FINAL);
            issue.setId("alert-" + ++n);
            String reason = form.overrides().get(alert.key());
            DetectedIssue.DetectedIssueMitigationComponent mitigation = issue.addMitigation();
            mitigation.getAction().addCoding().setSystem(ALERT_SYSTEM).setCode(reason == null ? "accepted" : "overridden");
            mitigation.getAction().setText(reason);
            mitigation.setDate(Date.from(now)).setAuthor(user(by));
            order.addContained(issue);
            order.addDetectedIssue(new Reference("#" + issue.getId()));
        }
        return order;
    }

    /** An alert as FHIR shows it: a DetectedIssue whose identifier is the alert's key. */
    public static DetectedIssue detectedIssue(Alert alert, DetectedIssue.DetectedIssueStatus status) {
        DetectedIssue issue = new DetectedIssue();
        issue.setStatus(status);
        issue.addIdentifier(new Identifier().setValue(alert.key()));
        issue.getCode().addCoding().setSystem(ALERT_SYSTEM).setCode(alert.kind().code());
        issue.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(alert.severity().code()));
        issue.setDetail(alert.message());
        issue.addEvidence().addDetail(new Reference().setDisplay(alert.evidence()));
        return issue;
    }

    private static void verification(MedicationRequest order, Verification state, String by, Instant at, String reason) {
        order.getExtension().removeIf(extension -> VERIFICATION_EXTENSION.equals(extension.getUrl()));
        Extension verification = order.addExtension().setUrl(VERIFICATION_EXTENSION);
        verification.addExtension("status", new CodeType(state.code()));
        if (by != null) {
            verification.addExtension("by", new StringType(by));
            verification.addExtension("at", new DateTimeType(Date.from(at)));
        }
        if (reason != null) {
            verification.addExtension("reason", new StringType(reason));
        }
    }

    /** The patient id an order names, if it names one, for the audit record of a refused order. */
    private static String subject(MedicationRequest request) {
        String reference = request == null ? null : request.getSubject().getReference();
        return reference != null && reference.startsWith("Patient/") ? reference.substring(8) : null;
    }

    private static Reference user(String username) {
        return new Reference().setDisplay(username).setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(username));
    }

    private static void requireActive(OrderStore.Order order, String what) {
        if (!order.isActive()) {
            throw new ConflictException("OW-1517", "MedicationRequest/" + order.id() + " is " + order.row().getStatus()
                    + " and cannot be " + what);
        }
    }

    static String reason(String reason, String field) {
        if (reason == null || reason.strip().length() < 5 || reason.length() > 1000 || reason.contains("\n")) {
            throw new InvalidInputException("OW-1518", field, "give the reason: 5 to 1000 characters on one line");
        }
        return reason.strip();
    }

    static String describe(OrderForm form) {
        return form.drug().name() + " " + form.doseText() + (form.asNeeded() ? " as needed (" + form.asNeededReason() + ")"
                : " " + form.frequency() + "x per " + Schedule.number(form.period()) + " " + form.periodUnit());
    }
}
