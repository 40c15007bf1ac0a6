package org.openward.pharmacy.impl.dispensing;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.pharmacy.api.Dispensing;
import org.openward.pharmacy.api.StockLevel;
import org.openward.pharmacy.api.Verification;
import org.openward.pharmacy.impl.Audited;
import org.openward.pharmacy.impl.PatientCharts;
import org.openward.pharmacy.impl.PharmacyDatabase;
import org.openward.pharmacy.impl.PharmacySettings;
import org.openward.pharmacy.impl.barcode.Barcodes;
import org.openward.pharmacy.impl.barcode.ScannedProduct;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.Product;
import org.openward.pharmacy.impl.orders.OrderStore;
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
 * Dispensing verified orders from the stock of a location. The product scanned at the counter
 * must be the drug ordered; the units come off one lot in the same transaction as the dispense
 * is stored, by an update that cannot take stock below zero.
 */
@Component(service = Dispensing.class)
public class DispensingImpl implements Dispensing {

    public static final String READ = "pharmacy:dispense:read";
    public static final String WRITE = "pharmacy:dispense:write";
    public static final String STOCK_READ = "pharmacy:stock:read";
    public static final String STOCK_WRITE = "pharmacy:stock:write";
    /** The code system of product codes (GS1 GTIN) on the Medications of dispenses and administrations. */
    public static final String GTIN_SYSTEM = "https://www.gs1.org/gtin";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static final String TYPE = "MedicationDispense";
    private static final Pattern LOCATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_UNITS = 10_000;

    private final PharmacyDatabase db;
    private final AccessControl access;
    private final Audited audited;
    private final PatientCharts charts;
    private final Formulary formulary;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();

    @Activate
    public DispensingImpl(@org.osgi.service.component.annotations.Reference PharmacyDatabase db, @org.osgi.service.component.annotations.Reference AccessControl access, @org.osgi.service.component.annotations.Reference AuditTrail audit,
            @org.osgi.service.component.annotations.Reference ChartService chart, @org.osgi.service.component.annotations.Reference PatientService patients, @org.osgi.service.component.annotations.Reference PharmacySettings settings) {
        this(db, access, audit, new PatientCharts(chart, patients), settings, Clock.systemUTC());
    }

    /** For tests outside OSGi. */
    public static DispensingImpl outsideOsgi(PharmacyDatabase db, AccessControl access, AuditTrail audit,
            PatientCharts charts, PharmacySettings settings, Clock clock) {
        return new DispensingImpl(db, access, audit, charts, settings, clock);
    }

    // not public: the component's runtime would try a public constructor of the same arity as its own
    private DispensingImpl(PharmacyDatabase db, AccessControl access, AuditTrail audit, PatientCharts charts,
            PharmacySettings settings, Clock clock) {
        this.db = db;
        this.access = access;
        this.audited = new Audited(audit);
        this.charts = charts;
        this.formulary = settings.formulary();
        this.clock = clock;
    }

    @Override
    public MedicationDispense dispense(String orderId, String barcode, String location, int quantity) {
        access.checkPermission(WRITE);
        OrderStore.Order peek = db.tx(em -> new OrderStore(em).load(orderId));
        String patientId = peek.row().getPatientId();
        return audited.run(AuditAction.CREATE, TYPE, null, patientId, () -> {
            checkLocation(location);
            if (quantity < 1 || quantity > MAX_UNITS) {
                throw new InvalidInputException("OW-1522", "quantity", "the quantity is 1 to " + MAX_UNITS + " units");
            }
            ScannedProduct scanned = Barcodes.product(barcode);
            Product product = product(scanned);
            charts.requireChart(patientId);
            return db.tx(em -> {
                OrderStore.Order order = new OrderStore(em).load(orderId);
                if (!order.isActive()) {
                    throw new ConflictException("OW-1517", "MedicationRequest/" + orderId + " is "
                            + order.row().getStatus() + "; nothing is dispensed for it");
                }
                if (order.verification() != Verification.VERIFIED) {
                    throw new ConflictException("OW-1539", "MedicationRequest/" + orderId + " is not verified by a"
                            + " pharmacist (" + order.verification().code() + "); nothing is dispensed unverified");
                }
                if (!product.rxnorm().equals(order.row().getRxnorm())) {
                    throw new ConflictException("OW-1525", "wrong product: the barcode is " + product.name()
                            + ", the order is for " + formulary.drug(order.row().getRxnorm()).map(d -> d.name()).orElse(order.row().getRxnorm()));
                }
                StockEntity lot = takeFrom(em, location, product, scanned, quantity);
                String id = UUID.randomUUID().toString();
                Instant now = clock.instant();
                String by = access.currentCaller().username();
                MedicationDispense dispense = dispense(id, order, product, lot, quantity, now, by, location);
                em.persist(new DispenseEntity(id, orderId, patientId, location, product.gtin(), lot.getLot(), quantity,
                        java.sql.Timestamp.from(now), by, fhir.newJsonParser().encodeResourceToString(dispense)));
                audited.record(AuditEvent.of(AuditAction.CREATE, AuditOutcome.SUCCESS).patient(patientId)
                        .resource(TYPE, id).detail("dispensed " + quantity + " x " + product.name() + " lot " + lot.getLot()
                                + " from " + location + " for MedicationRequest/" + orderId));
                return dispense;
            });
        });
    }

    /** The lot to take units from: the one scanned, or (a barcode without lot) the one expiring first. */
    private StockEntity takeFrom(EntityManager em, String location, Product product, ScannedProduct scanned, int quantity) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        if (scanned.expiry() != null && scanned.expiry().isBefore(today)) {
            throw new ConflictException("OW-1526", product.name() + " lot " + scanned.lot() + " expired on "
                    + scanned.expiry() + "; take it off the shelf");
        }
        List<StockEntity> lots = em.createQuery("SELECT s FROM StockEntity s WHERE s.location = :location"
                + " AND s.gtin = :gtin ORDER BY s.expiry, s.lot", StockEntity.class)
                .setParameter("location", location).setParameter("gtin", product.gtin()).getResultList();
        StockEntity chosen = null;
        for (StockEntity lot : lots) {
            boolean usable = !lot.getExpiry().toLocalDate().isBefore(today);
            if (scanned.lot() != null ? scanned.lot().equals(lot.getLot()) : usable && lot.getQuantity() >= quantity) {
                chosen = lot;
                break;
            }
        }
        if (chosen == null) {
            throw new ConflictException("OW-1527", "not enough " + product.name() + (scanned.lot() == null ? "" : " lot " + scanned.lot())
                    + " at " + location + " for " + quantity + " units (" + lots.stream().mapToInt(StockEntity::getQuantity).sum()
                    + " in stock there)");
        }
        if (chosen.getExpiry().toLocalDate().isBefore(today)) {
            throw new ConflictException("OW-1526", product.name() + " lot " + chosen.getLot() + " expired on "
                    + chosen.getExpiry() + "; take it off the shelf");
        }
        // one SQL statement: the database takes the units only if they are there, whatever runs at the same
        // moment (as a JPQL bulk update, OpenJPA may apply it to entities in memory instead: lost updates)
        int changed = em.createNativeQuery("UPDATE pharmacy_stock SET quantity = quantity - ? WHERE stock_id = ? AND quantity >= ?")
                .setParameter(1, quantity).setParameter(2, chosen.getId()).setParameter(3, quantity).executeUpdate();
        if (changed != 1) {
            throw new ConflictException("OW-1527", "not enough " + product.name() + " lot " + chosen.getLot() + " at "
                    + location + " for " + quantity + " units (" + chosen.getQuantity() + " in stock)");
        }
        return chosen;
    }

    private MedicationDispense dispense(String id, OrderStore.Order order, Product product, StockEntity lot, int quantity,
            Instant now, String by, String location) {
        Medication medication = new Medication();
        medication.setId("product");
        medication.getCode().addCoding().setSystem(GTIN_SYSTEM).setCode(product.gtin()).setDisplay(product.name());
        medication.getCode().addCoding().setSystem(RXNORM).setCode(product.rxnorm());
        medication.getBatch().setLotNumber(lot.getLot()).setExpirationDate(lot.getExpiry());
        MedicationDispense dispense = new MedicationDispense();
        dispense.setId(id);
        dispense.getMeta().setVersionId("1").setLastUpdated(java.util.Date.from(now));
        dispense.addContained(medication);
        dispense.setMedication(new Reference("#product").setDisplay(product.name()));
        dispense.setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
        dispense.setSubject(new Reference("Patient/" + order.row().getPatientId()));
        dispense.addAuthorizingPrescription(new Reference("MedicationRequest/" + order.id()));
        dispense.setQuantity((SimpleQuantity) new SimpleQuantity().setValue(quantity).setUnit(product.unit()));
        dispense.setWhenHandedOver(java.util.Date.from(now));
        dispense.addPerformer().setActor(new Reference().setDisplay(by));
        dispense.setLocation(new Reference().setDisplay(location));
        dispense.setType(new CodeableConcept().setText("dispensed from " + location));
        return dispense;
    }

    @Override
    public MedicationDispense read(String id) {
        access.checkPermission(READ);
        DispenseEntity row = db.tx(em -> em.find(DispenseEntity.class, id));
        if (row == null) {
            throw new NotFoundException("OW-1528", "no dispense MedicationDispense/" + id);
        }
        charts.requireChart(row.getPatientId());
        audited.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient(row.getPatientId())
                .resource(TYPE, id).detail("dispense read"));
        return fhir.newJsonParser().parseResource(MedicationDispense.class, row.getBody());
    }

    @Override
    public List<MedicationDispense> forOrder(String orderId) {
        access.checkPermission(READ);
        OrderStore.Order order = db.tx(em -> new OrderStore(em).load(orderId));
        charts.requireChart(order.row().getPatientId());
        List<MedicationDispense> found = new ArrayList<>();
        db.tx(em -> {
            for (DispenseEntity row : em.createQuery("SELECT d FROM DispenseEntity d WHERE d.orderId = :order"
                    + " ORDER BY d.dispensedAt DESC", DispenseEntity.class).setParameter("order", orderId).getResultList()) {
                found.add(fhir.newJsonParser().parseResource(MedicationDispense.class, row.getBody()));
            }
            return null;
        });
        audited.record(AuditEvent.of(AuditAction.SEARCH, AuditOutcome.SUCCESS).patient(order.row().getPatientId())
                .resource(TYPE, null).detail("dispenses of MedicationRequest/" + orderId + " -> " + found.size()));
        return found;
    }

    @Override
    public List<StockLevel> stock(String location) {
        access.checkPermission(STOCK_READ);
        if (location != null) {
            checkLocation(location);
        }
        return db.tx(em -> {
            List<StockLevel> levels = new ArrayList<>();
            var query = em.createQuery("SELECT s FROM StockEntity s" + (location == null ? "" : " WHERE s.location = :location")
                    + " ORDER BY s.location, s.gtin, s.expiry, s.lot", StockEntity.class);
            if (location != null) {
                query.setParameter("location", location);
            }
            for (StockEntity row : query.getResultList()) {
                levels.add(level(row));
            }
            return levels;
        });
    }

    @Override
    public StockLevel receive(String location, String barcode, int quantity) {
        access.checkPermission(STOCK_WRITE);
        checkLocation(location);
        if (quantity < 1 || quantity > MAX_UNITS) {
            throw new InvalidInputException("OW-1522", "quantity", "the quantity is 1 to " + MAX_UNITS + " units");
        }
        ScannedProduct scanned = Barcodes.product(barcode);
        if (scanned.gtin() == null || scanned.lot() == null || scanned.expiry() == null) {
            throw new InvalidInputException("OW-1529", "barcode", "stock is received from a GS1 barcode with GTIN, lot and expiry");
        }
        Product product = product(scanned);
        return db.tx(em -> {
            int changed = em.createNativeQuery("UPDATE pharmacy_stock SET quantity = quantity + ? WHERE location = ?"
                    + " AND gtin = ? AND lot = ?").setParameter(1, quantity).setParameter(2, location)
                    .setParameter(3, product.gtin()).setParameter(4, scanned.lot()).executeUpdate();
            if (changed == 0) {
                em.persist(new StockEntity(location, product.gtin(), scanned.lot(), Date.valueOf(scanned.expiry()), quantity));
                em.flush();
            }
            StockEntity row = em.createQuery("SELECT s FROM StockEntity s WHERE s.location = :location AND s.gtin = :gtin"
                    + " AND s.lot = :lot", StockEntity.class).setParameter("location", location)
                    .setParameter("gtin", product.gtin()).setParameter("lot", scanned.lot()).getSingleResult();
            em.refresh(row);
            return level(row);
        });
    }

    private Product product(ScannedProduct scanned) {
        return formulary.product(scanned.gtin(), scanned.ndc10()).orElseThrow(() -> new ConflictException("OW-1524",
                "the scanned product (" + (scanned.gtin() != null ? "GTIN " + scanned.gtin() : "NDC " + scanned.ndc10())
                        + ") is not in the formulary"));
    }

    private StockLevel level(StockEntity row) {
        Product product = formulary.productByGtin(row.getGtin()).orElse(null);
        return new StockLevel(row.getLocation(), row.getGtin(), product == null ? "(not in the formulary)" : product.name(),
                product == null ? null : product.rxnorm(), row.getLot(), row.getExpiry().toLocalDate(), row.getQuantity());
    }

    private static void checkLocation(String location) {
        if (location == null || !LOCATION.matcher(location).matches()) {
            throw new InvalidInputException("OW-1523", "location", "a location is lower-case letters, digits and hyphens,"
                    + " for example pharmacy or ward-4-west");
        }
    }
}
