package org.openward.pharmacy.impl.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.persistence.EntityManager;

import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.openward.pharmacy.api.MedicationOrders;
import org.openward.pharmacy.api.OrderQuery;
import org.openward.pharmacy.api.Verification;
import org.openward.platform.api.error.NotFoundException;

import ca.uhn.fhir.context.FhirContext;

/**
 * Orders in the pharmacy tables: each version stored whole as the MedicationRequest JSON, the
 * current state beside it for the queue and the lists. Used inside the caller's transaction.
 */
public final class OrderStore {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    static final int MAX_RESULTS = 500;

    private final EntityManager em;

    public OrderStore(EntityManager em) {
        this.em = em;
    }

    /** An order and its current version. */
    public record Order(OrderEntity row, MedicationRequest request) {

        public String id() {
            return row.getId();
        }

        public Verification verification() {
            return Verification.ofCode(row.getVerification());
        }

        public boolean isActive() {
            return "active".equals(row.getStatus());
        }
    }

    /**
     * The order. Two transactions changing one order at once cannot both store: the version
     * table's key takes the next version number once.
     *
     * @throws NotFoundException (OW-1500) when there is no such order
     */
    public Order load(String id) {
        OrderEntity row = id == null ? null : em.find(OrderEntity.class, id);
        if (row == null) {
            throw new NotFoundException("OW-1500", "no medication order MedicationRequest/" + id);
        }
        return new Order(row, version(id, row.getVersion()));
    }

    public MedicationRequest version(String id, int version) {
        OrderVersionEntity stored = em.find(OrderVersionEntity.class, OrderVersionEntity.key(id, version));
        if (stored == null) {
            throw new NotFoundException("OW-1500", "MedicationRequest/" + id + " has no version " + version);
        }
        return parse(stored.getBody());
    }

    public List<MedicationRequest> history(String id, int current) {
        List<MedicationRequest> versions = new ArrayList<>();
        for (int v = current; v >= 1; v--) {
            versions.add(version(id, v));
        }
        return versions;
    }

    /** Stores a new order as version 1. */
    public MedicationRequest create(String id, String patientId, String rxnorm, MedicationRequest request, Instant at,
            String by) {
        OrderEntity row = new OrderEntity(id, patientId, rxnorm, Timestamp.from(at), by);
        em.persist(row);
        return store(row, request, at, by);
    }

    /** Stores the next version of an order. */
    public MedicationRequest update(Order order, MedicationRequest request, Instant at, String by) {
        return store(order.row(), request, at, by);
    }

    private MedicationRequest store(OrderEntity row, MedicationRequest request, Instant at, String by) {
        int version = row.getVersion() + 1;
        request.setId(row.getId());
        request.getMeta().setVersionId(Integer.toString(version)).setLastUpdated(Date.from(at));
        row.stored(version, request.getStatus().toCode(), verificationOf(request).code(), Timestamp.from(at), by);
        em.persist(new OrderVersionEntity(row.getId(), version, Timestamp.from(at), by,
                FHIR.newJsonParser().encodeResourceToString(request)));
        return request;
    }

    /** The newest orders matching, at most {@link #MAX_RESULTS}. */
    public List<Order> search(OrderQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT o FROM OrderEntity o WHERE 1 = 1");
        if (query.patientId() != null) {
            jpql.append(" AND o.patientId = :patient");
        }
        if (query.verification() != null) {
            jpql.append(" AND o.verification = :verification");
        }
        if (query.activeOnly()) {
            jpql.append(" AND o.status = 'active'");
        }
        jpql.append(" ORDER BY o.updatedAt DESC, o.id");
        var typed = em.createQuery(jpql.toString(), OrderEntity.class).setMaxResults(MAX_RESULTS);
        if (query.patientId() != null) {
            typed.setParameter("patient", query.patientId());
        }
        if (query.verification() != null) {
            typed.setParameter("verification", query.verification().code());
        }
        List<Order> orders = new ArrayList<>();
        for (OrderEntity row : typed.getResultList()) {
            orders.add(new Order(row, version(row.getId(), row.getVersion())));
        }
        return orders;
    }

    /** The verification a stored order carries. */
    public static Verification verificationOf(MedicationRequest request) {
        Extension extension = request.getExtensionByUrl(MedicationOrders.VERIFICATION_EXTENSION);
        Extension status = extension == null ? null : extension.getExtensionByUrl("status");
        return status == null ? Verification.PENDING : Verification.ofCode(status.getValue().primitiveValue());
    }

    public static MedicationRequest parse(String json) {
        return FHIR.newJsonParser().parseResource(MedicationRequest.class, json);
    }
}
