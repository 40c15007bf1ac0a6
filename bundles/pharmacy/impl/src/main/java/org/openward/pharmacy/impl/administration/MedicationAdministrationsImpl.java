package org.openward.pharmacy.impl.administration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.AlertKind;
import org.openward.pharmacy.api.EmarSlot;
import org.openward.pharmacy.api.MedicationAdministrations;
import org.openward.pharmacy.api.MedicationOrders;
import org.openward.pharmacy.api.OrderQuery;
import org.openward.pharmacy.api.Scan;
import org.openward.pharmacy.api.SlotStatus;
import org.openward.pharmacy.api.Verification;
import org.openward.pharmacy.impl.Audited;
import org.openward.pharmacy.impl.PatientCharts;
import org.openward.pharmacy.impl.PharmacyDatabase;
import org.openward.pharmacy.impl.PharmacySettings;
import org.openward.pharmacy.impl.barcode.Barcodes;
import org.openward.pharmacy.impl.barcode.ScannedProduct;
import org.openward.pharmacy.impl.dispensing.DispensingImpl;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.FormularyDrug;
import org.openward.pharmacy.impl.formulary.Product;
import org.openward.pharmacy.impl.orders.OrderForm;
import org.openward.pharmacy.impl.orders.OrderStore;
import org.openward.pharmacy.impl.orders.Schedule;
import org.openward.pharmacy.impl.safety.OrderChecks;
import org.openward.pharmacy.impl.safety.PatientContext;
import org.openward.pharmacy.impl.safety.ProposedOrder;
import org.openward.pharmacy.spi.Severity;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.ChartService;
import org.openward.records.api.PatientService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * Barcode medication administration: the five rights checked against what the nurse scanned,
 * the hard stops, the second person's check for high-alert drugs, and the eMAR. Checks run in
 * the order a nurse fixes them: the patient first, then the product, the order, route and dose,
 * the product's expiry, the time, allergies, and last the double check.
 */
@Component(service = MedicationAdministrations.class)
public class MedicationAdministrationsImpl implements MedicationAdministrations {

    public static final String READ = "pharmacy:administration:read";
    public static final String WRITE = "pharmacy:administration:write";
    public static final String WITNESS = "pharmacy:administration:witness";
    /** On a MedicationAdministration: the scheduled time of the dose it documents (valueDateTime). */
    public static final String SCHEDULED_EXTENSION = "https://openward.org/fhir/StructureDefinition/scheduled-time";
    private static final String TYPE = "MedicationAdministration";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static final Duration MAX_EMAR_SPAN = Duration.ofHours(48);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private final PharmacyDatabase db;
    private final AccessControl access;
    private final Audited audited;
    private final PatientCharts charts;
    private final PharmacySettings settings;
    private final Formulary formulary;
    private final OrderChecks allergyChecks;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();

    @Activate
    public MedicationAdministrationsImpl(@org.osgi.service.component.annotations.Reference PharmacyDatabase db,
            @org.osgi.service.component.annotations.Reference AccessControl access,
            @org.osgi.service.component.annotations.Reference AuditTrail audit,
            @org.osgi.service.component.annotations.Reference ChartService chart,
            @org.osgi.service.component.annotations.Reference PatientService patients,
            @org.osgi.service.component.annotations.Reference PharmacySettings settings) {
        this(db, access, audit, new PatientCharts(chart, patients), settings, Clock.systemUTC());
    }

    /** For tests outside OSGi. */
    public MedicationAdministrationsImpl(PharmacyDatabase db, AccessControl access, AuditTrail audit,
            PatientCharts charts, PharmacySettings settings, Clock clock) {
        this.db = db;
        this.access = access;
        this.audited = new Audited(audit);
        this.charts = charts;
        this.settings = settings;
        this.formulary = settings.formulary();
        // only the allergy checks run at the bedside: no knowledge base is asked, so no thread is ever started
        this.allergyChecks = new OrderChecks(formulary, settings.crossSensitivities(), List::of, Duration.ofSeconds(1),
                java.util.concurrent.Executors.newCachedThreadPool());
        this.clock = clock;
    }

    /** A stop that a reason may override (the time window, an allergy), held until every hard check passed. */
    private record Overridable(String code, String message) {
    }

    @Override
    public MedicationAdministration administer(Scan scan) {
        access.checkPermission(WRITE);
        String patientId = scan.patientId();
        return audited.run(AuditAction.CREATE, TYPE, null, patientId, () -> {
            if (patientId == null || patientId.isBlank()) {
                throw new InvalidInputException("OW-1540", "patient", "open the patient's eMAR first (patient id)");
            }
            if (scan.units() < 1 || scan.units() > 20) {
                throw new InvalidInputException("OW-1541", "units", "the units given are 1 to 20");
            }
            // right patient: the wristband must be the open eMAR's patient, before anything else
            String wristband = Barcodes.wristband(scan.wristband());
            String mrn = charts.mrn(patientId);
            if (!mrn.equalsIgnoreCase(wristband)) {
                throw new ConflictException("OW-1531", "STOP wrong patient: the wristband is MRN " + wristband
                        + ", this eMAR is MRN " + mrn + ". Check the patient; give nothing.");
            }
            ScannedProduct scanned = Barcodes.product(scan.barcode());
            Product product = formulary.product(scanned.gtin(), scanned.ndc10()).orElseThrow(() -> new ConflictException(
                    "OW-1532", "STOP wrong drug: the scanned product is not in the formulary and matches no order"));
            FormularyDrug drug = formulary.drug(product.rxnorm()).orElseThrow();
            Instant now = clock.instant();
            OrderStore.Order order = matchingOrder(patientId, scan.orderId(), drug);
            OrderForm form = OrderForm.read(order.request(), formulary, order.request().getAuthoredOn().toInstant());
            List<Overridable> overridable = new ArrayList<>();

            // right route, right dose
            if (!product.route().equals(form.route())) {
                throw new ConflictException("OW-1534", "STOP wrong route: " + product.name() + " is "
                        + formulary.routeName(product.route()) + ", the order is " + formulary.routeName(form.route()));
            }
            double given = scan.units() * product.strength();
            if (Math.abs(given - form.dose()) > 1e-6 * Math.max(1, form.dose())) {
                throw new ConflictException("OW-1533", "STOP wrong dose: " + scan.units() + " x " + product.name() + " is "
                        + Schedule.number(given) + " " + drug.doseUnit() + ", the order is " + form.doseText());
            }
            // expired product
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            if (scanned.expiry() != null && scanned.expiry().isBefore(today)) {
                throw new ConflictException("OW-1536", "STOP expired: " + product.name() + " lot " + scanned.lot()
                        + " expired on " + scanned.expiry() + ". Use another package; return this one to pharmacy.");
            }
            // right time, not twice
            Instant scheduled = null;
            Map<Instant, AdministrationEntity> documented = documented(order.id(), now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(2)));
            if (form.asNeeded()) {
                Instant last = lastGiven(order.id());
                if (last != null && form.dosesPerDay() > 0) {
                    Duration interval = Duration.ofSeconds(Math.round(86400 / form.dosesPerDay()));
                    if (last.plus(interval).isAfter(now.plus(settings.window()))) {
                        overridable.add(new Overridable("OW-1535", "too early: the last dose was given at "
                                + hour(last) + "; this as-needed order allows one every " + interval.toHours() + " h"));
                    }
                }
            } else {
                scheduled = scheduledDose(form, documented, now, overridable);
            }
            // allergy
            for (Alert alert : allergyChecks.check(new ProposedOrder(drug, form.dose(), form.dosesPerDay(), form.asNeeded()),
                    new PatientContext(charts.allergies(patientId), List.of(), null))) {
                if ((alert.kind() == AlertKind.DRUG_ALLERGY || alert.kind() == AlertKind.CROSS_SENSITIVITY)
                        && alert.severity() != Severity.LOW) {
                    overridable.add(new Overridable("OW-1542", "allergy: " + alert.message()));
                }
            }
            String reason = scan.overrideReason() == null || scan.overrideReason().isBlank() ? null : scan.overrideReason().strip();
            if (!overridable.isEmpty() && reason == null) {
                Overridable first = overridable.get(0);
                throw new ConflictException(first.code(), "STOP " + first.message()
                        + (overridable.size() > 1 ? " (and " + (overridable.size() - 1) + " more)" : "")
                        + ". Give only with a reason (override)");
            }
            if (reason != null && (reason.length() < 5 || reason.length() > 1000)) {
                throw new InvalidInputException("OW-1546", "override-reason", "an override reason is 5 to 1000 characters");
            }
            // independent double check
            boolean highAlert = settings.isHighAlert(drug)
                    || order.request().hasExtension(MedicationOrders.HIGH_ALERT_EXTENSION);
            String witness = null;
            if (highAlert) {
                if (scan.witness() == null || scan.witness().username() == null || scan.witness().username().isBlank()) {
                    throw new ConflictException("OW-1543", "STOP high-alert drug: " + drug.name()
                            + " needs an independent double check; a second nurse or pharmacist confirms with their own sign-in");
                }
                char[] password = scan.witness().password() == null ? new char[0] : scan.witness().password().toCharArray();
                witness = access.confirmSecondPerson(scan.witness().username(), password, scan.witness().code(), WITNESS);
            }
            String by = access.currentCaller().username();
            List<Overridable> overridden = reason == null ? List.of() : overridable;
            MedicationAdministration record = given(order, product, scanned, scan.units(), given, drug, scheduled, now, by,
                    witness, overridden, reason);
            store(record, order, scheduled, "completed", null, now, by, witness);
            for (Overridable stop : overridden) {
                audited.record(AuditEvent.of(AuditAction.EXECUTE, AuditOutcome.SUCCESS).patient(patientId)
                        .resource(TYPE, record.getIdElement().getIdPart())
                        .detail("stop overridden: " + stop.code() + " " + stop.message() + "; reason: " + reason));
            }
            return record;
        });
    }

    /** The patient's active order for the scanned drug (or the one named), or the stop that says why there is none. */
    private OrderStore.Order matchingOrder(String patientId, String orderId, FormularyDrug drug) {
        List<OrderStore.Order> orders = db.tx(em -> new OrderStore(em).search(new OrderQuery(patientId, null, false)));
        List<OrderStore.Order> forDrug = orders.stream()
                .filter(o -> o.row().getRxnorm().equals(drug.rxnorm()))
                .filter(o -> orderId == null || o.id().equals(orderId))
                .filter(o -> o.verification() != Verification.REJECTED)
                .toList();
        if (forDrug.isEmpty()) {
            String ordered = orders.stream().filter(OrderStore.Order::isActive)
                    .map(o -> formulary.drug(o.row().getRxnorm()).map(FormularyDrug::name).orElse(o.row().getRxnorm()))
                    .distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("nothing");
            throw new ConflictException("OW-1532", "STOP wrong drug: " + drug.name() + " is not ordered for this patient"
                    + (orderId == null ? "" : " on MedicationRequest/" + orderId) + " (ordered: " + ordered + ")");
        }
        List<OrderStore.Order> active = forDrug.stream().filter(OrderStore.Order::isActive).toList();
        if (active.isEmpty()) {
            throw new ConflictException("OW-1538", "STOP order discontinued: the order for " + drug.name() + " is "
                    + forDrug.get(0).row().getStatus() + "; give nothing without a new order");
        }
        List<OrderStore.Order> verified = active.stream().filter(o -> o.verification() == Verification.VERIFIED).toList();
        if (verified.isEmpty()) {
            throw new ConflictException("OW-1539", "STOP not verified: the order for " + drug.name()
                    + " is not yet verified by a pharmacist (" + active.get(0).verification().code() + ")");
        }
        return verified.get(0);
    }

    /** The scheduled dose this administration documents; a time outside its window is an overridable stop. */
    private Instant scheduledDose(OrderForm form, Map<Instant, AdministrationEntity> documented, Instant now,
            List<Overridable> overridable) {
        Duration window = settings.window();
        List<Instant> doses = Schedule.doses(form, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), settings.zone());
        Instant inWindow = null;
        boolean givenInWindow = false;
        for (Instant dose : doses) {
            if (Duration.between(dose, now).abs().compareTo(window) <= 0) {
                if (documented.containsKey(dose)) {
                    givenInWindow = true;
                } else if (inWindow == null) {
                    inWindow = dose;
                }
            }
        }
        if (inWindow != null) {
            return inWindow;
        }
        if (givenInWindow) {
            throw new ConflictException("OW-1537", "STOP already given: the dose due around " + hour(now)
                    + " is already documented; a second dose would be a duplicate");
        }
        Instant missed = doses.stream().filter(d -> d.isBefore(now) && !documented.containsKey(d))
                .max(Comparator.naturalOrder()).orElse(null);
        Instant next = doses.stream().filter(d -> d.isAfter(now) && !documented.containsKey(d))
                .min(Comparator.naturalOrder()).orElse(null);
        if (next == null && missed == null) {
            throw new ConflictException("OW-1535", "STOP wrong time: no dose of this order is due now or in the next 24 hours");
        }
        boolean early = missed == null || next != null && Duration.between(now, next).compareTo(Duration.between(missed, now)) < 0;
        Instant chosen = early ? next : missed;
        overridable.add(new Overridable("OW-1535", (early ? "too early" : "too late") + ": the dose is due at "
                + hour(chosen) + " (window ±" + window.toMinutes() + " min)"));
        return chosen;
    }

    private Map<Instant, AdministrationEntity> documented(String orderId, Instant from, Instant to) {
        Map<Instant, AdministrationEntity> byTime = new HashMap<>();
        db.tx(em -> {
            for (AdministrationEntity row : em.createQuery("SELECT a FROM AdministrationEntity a WHERE a.orderId = :order"
                    + " AND a.scheduledAt >= :from AND a.scheduledAt < :to", AdministrationEntity.class)
                    .setParameter("order", orderId).setParameter("from", Timestamp.from(from))
                    .setParameter("to", Timestamp.from(to)).getResultList()) {
                byTime.put(row.getScheduledAt().toInstant(), row);
            }
            return null;
        });
        return byTime;
    }

    private Instant lastGiven(String orderId) {
        return db.tx(em -> {
            List<Timestamp> times = em.createQuery("SELECT a.recordedAt FROM AdministrationEntity a WHERE a.orderId = :order"
                    + " AND a.status = 'completed' ORDER BY a.recordedAt DESC", Timestamp.class)
                    .setParameter("order", orderId).setMaxResults(1).getResultList();
            return times.isEmpty() ? null : times.get(0).toInstant();
        });
    }

    private MedicationAdministration given(OrderStore.Order order, Product product, ScannedProduct scanned, int units,
            double dose, FormularyDrug drug, Instant scheduled, Instant now, String by, String witness,
            List<Overridable> overridden, String reason) {
        MedicationAdministration record = base(order, scheduled, now, by);
        Medication medication = new Medication();
        medication.setId("product");
        medication.getCode().addCoding().setSystem(DispensingImpl.GTIN_SYSTEM).setCode(product.gtin()).setDisplay(product.name());
        medication.getCode().addCoding().setSystem(RXNORM).setCode(drug.rxnorm()).setDisplay(drug.name());
        if (scanned.lot() != null) {
            medication.getBatch().setLotNumber(scanned.lot());
        }
        if (scanned.expiry() != null) {
            medication.getBatch().setExpirationDate(java.sql.Date.valueOf(scanned.expiry()));
        }
        record.addContained(medication);
        record.setMedication(new Reference("#product").setDisplay(product.name()));
        record.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        record.getDosage().setDose((SimpleQuantity) new SimpleQuantity().setValue(dose).setUnit(drug.doseUnit())
                .setSystem("http://unitsofmeasure.org").setCode(drug.doseUnit()));
        record.getDosage().getRoute().addCoding().setSystem("http://snomed.info/sct").setCode(product.route())
                .setDisplay(formulary.routeName(product.route()));
        record.getDosage().setText(units + " x " + product.name());
        if (witness != null) {
            record.addPerformer().setActor(new Reference().setDisplay(witness))
                    .getFunction().setText("independent double check");
        }
        for (Overridable stop : overridden) {
            record.addNote(new Annotation().setText("override of " + stop.code() + " (" + stop.message() + "): " + reason)
                    .setAuthor(new Reference().setDisplay(by)));
        }
        return record;
    }

    private MedicationAdministration base(OrderStore.Order order, Instant scheduled, Instant now, String by) {
        MedicationAdministration record = new MedicationAdministration();
        record.setId(UUID.randomUUID().toString());
        record.getMeta().setVersionId("1").setLastUpdated(Date.from(now));
        record.setSubject(new Reference("Patient/" + order.row().getPatientId()));
        record.setRequest(new Reference("MedicationRequest/" + order.id()));
        record.setEffective(new DateTimeType(Date.from(now)));
        record.addPerformer().setActor(new Reference().setDisplay(by));
        if (scheduled != null) {
            record.addExtension(SCHEDULED_EXTENSION, new DateTimeType(Date.from(scheduled)));
        }
        return record;
    }

    private void store(MedicationAdministration record, OrderStore.Order order, Instant scheduled, String status,
            String reason, Instant now, String by, String witness) {
        String id = record.getIdElement().getIdPart();
        try {
            db.tx(em -> {
                em.persist(new AdministrationEntity(id, order.id(), order.row().getPatientId(),
                        scheduled == null ? null : Timestamp.from(scheduled), status, reason, Timestamp.from(now), by,
                        witness, fhir.newJsonParser().encodeResourceToString(record)));
                em.flush();
                audited.record(AuditEvent.of(AuditAction.CREATE, AuditOutcome.SUCCESS).patient(order.row().getPatientId())
                        .resource(TYPE, id).detail(("completed".equals(status) ? "given: " + record.getDosage().getText()
                                + ", five rights checked" + (witness == null ? "" : ", double-checked by " + witness)
                                : "not given (" + reason + ")") + " for MedicationRequest/" + order.id()
                                + (scheduled == null ? " (as needed)" : " due " + scheduled)));
                return null;
            });
        } catch (RuntimeException e) {
            if (!PharmacyDatabase.isUniqueViolation(e)) {
                throw e;
            }
            throw new ConflictException("OW-1537", "STOP already given: the dose due at " + hour(scheduled)
                    + " was documented a moment ago by someone else");
        }
    }

    @Override
    public MedicationAdministration notGiven(String orderId, Instant scheduled, SlotStatus why, String reason) {
        access.checkPermission(WRITE);
        OrderStore.Order order = db.tx(em -> new OrderStore(em).load(orderId));
        String patientId = order.row().getPatientId();
        return audited.run(AuditAction.CREATE, TYPE, null, patientId, () -> {
            if (why != SlotStatus.HELD && why != SlotStatus.REFUSED) {
                throw new InvalidInputException("OW-1547", "status", "a dose not given is held or refused");
            }
            if (reason == null || reason.strip().length() < 3 || reason.length() > 1000) {
                throw new InvalidInputException("OW-1548", "reason", "say why the dose is not given, 3 to 1000 characters");
            }
            charts.requireChart(patientId);
            OrderForm form = OrderForm.read(order.request(), formulary, order.request().getAuthoredOn().toInstant());
            if (scheduled == null || !Schedule.doses(form, scheduled.minusSeconds(1), scheduled.plusSeconds(1), settings.zone())
                    .contains(scheduled)) {
                throw new InvalidInputException("OW-1544", "scheduled", "no dose of MedicationRequest/" + orderId
                        + " is scheduled at " + scheduled);
            }
            Instant now = clock.instant();
            String by = access.currentCaller().username();
            MedicationAdministration record = base(order, scheduled, now, by);
            record.setStatus(MedicationAdministration.MedicationAdministrationStatus.NOTDONE);
            record.addStatusReason(new CodeableConcept().setText(why.code() + ": " + reason.strip()));
            record.setMedication(new CodeableConcept().addCoding(order.request().getMedicationCodeableConcept().getCodingFirstRep()));
            store(record, order, scheduled, "not-done", why.code(), now, by, null);
            return record;
        });
    }

    @Override
    public MedicationAdministration read(String id) {
        access.checkPermission(READ);
        AdministrationEntity row = db.tx(em -> em.find(AdministrationEntity.class, id));
        if (row == null) {
            throw new NotFoundException("OW-1549", "no administration MedicationAdministration/" + id);
        }
        charts.requireChart(row.getPatientId());
        audited.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient(row.getPatientId())
                .resource(TYPE, id).detail("administration read"));
        return fhir.newJsonParser().parseResource(MedicationAdministration.class, row.getBody());
    }

    @Override
    public List<EmarSlot> emar(String patientId, Instant from, Instant to) {
        access.checkPermission(READ);
        if (from == null || to == null || !from.isBefore(to) || Duration.between(from, to).compareTo(MAX_EMAR_SPAN) > 0) {
            throw new InvalidInputException("OW-1545", "to", "the eMAR covers from a time to a later one, at most 48 hours");
        }
        charts.requireChart(patientId);
        Instant now = clock.instant();
        List<EmarSlot> slots = new ArrayList<>();
        List<AdministrationEntity> records = db.tx(em -> em.createQuery("SELECT a FROM AdministrationEntity a"
                + " WHERE a.patientId = :patient AND ((a.scheduledAt >= :from AND a.scheduledAt < :to)"
                + " OR (a.scheduledAt IS NULL AND a.recordedAt >= :from AND a.recordedAt < :to))", AdministrationEntity.class)
                .setParameter("patient", patientId).setParameter("from", Timestamp.from(from))
                .setParameter("to", Timestamp.from(to)).getResultList());
        Map<String, AdministrationEntity> byDose = new HashMap<>();
        for (AdministrationEntity row : records) {
            if (row.getScheduledAt() != null) {
                byDose.put(row.getOrderId() + "@" + row.getScheduledAt().toInstant(), row);
            }
        }
        for (OrderStore.Order order : db.tx(em -> new OrderStore(em).search(new OrderQuery(patientId, Verification.VERIFIED, false)))) {
            MedicationRequest request = order.request();
            OrderForm form = OrderForm.read(request, formulary, request.getAuthoredOn().toInstant());
            String medication = form.drug().name();
            String route = formulary.routeName(form.route());
            boolean highAlert = settings.isHighAlert(form.drug()) || request.hasExtension(MedicationOrders.HIGH_ALERT_EXTENSION);
            Instant stoppedAt = order.isActive() ? null : order.row().getUpdatedAt().toInstant();
            if (form.asNeeded()) {
                if (order.isActive()) {
                    slots.add(new EmarSlot(order.id(), medication, form.doseText(), route, null, SlotStatus.AS_NEEDED, null, highAlert));
                }
                for (AdministrationEntity row : records) {
                    if (row.getOrderId().equals(order.id()) && row.getScheduledAt() == null) {
                        slots.add(new EmarSlot(order.id(), medication, form.doseText(), route, row.getRecordedAt().toInstant(),
                                status(row), row.getId(), highAlert));
                    }
                }
                continue;
            }
            for (Instant dose : Schedule.doses(form, from, to, settings.zone())) {
                AdministrationEntity row = byDose.get(order.id() + "@" + dose);
                if (row == null && stoppedAt != null && !dose.isBefore(stoppedAt)) {
                    continue;
                }
                SlotStatus status = row != null ? status(row)
                        : now.isAfter(dose.plus(settings.window())) ? SlotStatus.OVERDUE
                        : now.isBefore(dose.minus(settings.window())) ? SlotStatus.UPCOMING : SlotStatus.DUE;
                slots.add(new EmarSlot(order.id(), medication, form.doseText(), route, dose, status,
                        row == null ? null : row.getId(), highAlert));
            }
        }
        slots.sort(Comparator.comparing((EmarSlot slot) -> slot.scheduled() == null ? Instant.MIN : slot.scheduled())
                .thenComparing(EmarSlot::medication));
        audited.record(AuditEvent.of(AuditAction.SEARCH, AuditOutcome.SUCCESS).patient(patientId).resource(TYPE, null)
                .detail("eMAR " + from + " to " + to + " -> " + slots.size() + " doses"));
        return slots;
    }

    private static SlotStatus status(AdministrationEntity row) {
        if ("completed".equals(row.getStatus())) {
            return SlotStatus.GIVEN;
        }
        return "refused".equals(row.getReason()) ? SlotStatus.REFUSED : SlotStatus.HELD;
    }

    private String hour(Instant at) {
        return at == null ? "?" : HOUR.format(at.atZone(settings.zone()));
    }
}
