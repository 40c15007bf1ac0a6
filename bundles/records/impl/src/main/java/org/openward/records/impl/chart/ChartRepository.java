package org.openward.records.impl.chart;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.hl7.fhir.r4.model.Coding;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.ChartQuery.Token;

/** The chart's tables, within the caller's transaction. */
final class ChartRepository {

    private final EntityManager em;

    ChartRepository(EntityManager em) {
        this.em = em;
    }

    boolean patientExists(String patientId) {
        return em.createQuery("SELECT COUNT(p) FROM PatientEntity p WHERE p.id = :id", Long.class)
                .setParameter("id", patientId).getSingleResult() > 0;
    }

    ChartResourceEntity find(String type, String id) {
        ChartResourceEntity entity = em.find(ChartResourceEntity.class, id);
        return entity != null && entity.getType().equals(type) ? entity : null;
    }

    ChartVersionEntity version(String id, int version) {
        return em.find(ChartVersionEntity.class, ChartVersionEntity.key(id, version));
    }

    List<ChartVersionEntity> versions(String id) {
        return em.createQuery("SELECT v FROM ChartVersionEntity v WHERE v.resourceId = :id ORDER BY v.version DESC",
                ChartVersionEntity.class).setParameter("id", id).getResultList();
    }

    /** The current bodies of these records, in their order. */
    List<String> bodies(List<ChartResourceEntity> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> keys = records.stream().map(r -> ChartVersionEntity.key(r.getId(), r.getVersion())).toList();
        Map<String, String> byKey = new HashMap<>();
        for (ChartVersionEntity version : em.createQuery("SELECT v FROM ChartVersionEntity v WHERE v.key IN :keys",
                ChartVersionEntity.class).setParameter("keys", keys).getResultList()) {
            byKey.put(ChartVersionEntity.key(version.getResourceId(), version.getVersion()), version.getBody());
        }
        return keys.stream().map(byKey::get).toList();
    }

    /** Stores a new record's first version. */
    void insert(ChartResourceEntity record, ChartProfile.Index index, String body, Timestamp at, String by) {
        record.next(index, at, by);
        em.persist(record);
        // the record row first: the version and token rows refer to it
        em.flush();
        storeVersion(record, index, body, at, by);
    }

    /** Stores a record's next version. */
    void update(ChartResourceEntity record, ChartProfile.Index index, String body, Timestamp at, String by) {
        record.next(index, at, by);
        em.createQuery("DELETE FROM ChartTokenEntity t WHERE t.resourceId = :id")
                .setParameter("id", record.getId()).executeUpdate();
        storeVersion(record, index, body, at, by);
    }

    private void storeVersion(ChartResourceEntity record, ChartProfile.Index index, String body, Timestamp at, String by) {
        em.persist(new ChartVersionEntity(record.getId(), record.getVersion(), at, by, body));
        for (Coding coding : index.codes()) {
            em.persist(new ChartTokenEntity(record.getId(), ChartTokenEntity.Kind.CODE, coding.getSystem(), coding.getCode()));
        }
        for (Coding coding : index.categories()) {
            em.persist(new ChartTokenEntity(record.getId(), ChartTokenEntity.Kind.CATEGORY, coding.getSystem(),
                    coding.getCode()));
        }
        em.flush();
    }

    /** How many records the query matches. */
    int count(ChartQuery query) {
        Where where = where(query);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(r) FROM ChartResourceEntity r WHERE " + where.text, Long.class);
        where.values.forEach(count::setParameter);
        return count.getSingleResult().intValue();
    }

    /** The query's page of records, ordered by date. */
    List<ChartResourceEntity> page(ChartQuery query) {
        Where where = where(query);
        String order = query.newestFirst() ? " ORDER BY r.recordDate DESC, r.id" : " ORDER BY r.recordDate, r.id";
        TypedQuery<ChartResourceEntity> page = em.createQuery("SELECT r FROM ChartResourceEntity r WHERE " + where.text
                + order, ChartResourceEntity.class);
        where.values.forEach(page::setParameter);
        return page.setFirstResult(query.offset()).setMaxResults(query.count()).getResultList();
    }

    /** A page of a patient's records of these types, not in error, newest first. */
    List<ChartResourceEntity> everything(String patientId, List<String> types, int offset, int count) {
        return em.createQuery("SELECT r FROM ChartResourceEntity r WHERE r.patientId = :patient AND r.type IN :types"
                + " AND r.enteredInError = false ORDER BY r.recordDate DESC, r.id", ChartResourceEntity.class)
                .setParameter("patient", patientId).setParameter("types", types)
                .setFirstResult(offset).setMaxResults(count).getResultList();
    }

    int countEverything(String patientId, List<String> types) {
        return em.createQuery("SELECT COUNT(r) FROM ChartResourceEntity r WHERE r.patientId = :patient"
                + " AND r.type IN :types AND r.enteredInError = false", Long.class)
                .setParameter("patient", patientId).setParameter("types", types).getSingleResult().intValue();
    }

    private record Where(String text, Map<String, Object> values) {
    }

    private static Where where(ChartQuery query) {
        StringBuilder text = new StringBuilder("r.patientId = :patient AND r.type = :type");
        Map<String, Object> values = new HashMap<>();
        values.put("patient", query.patientId());
        values.put("type", query.type());
        if (query.from() != null) {
            text.append(" AND r.recordDate >= :from");
            values.put("from", Timestamp.from(query.from()));
        }
        if (query.until() != null) {
            text.append(" AND r.recordDate < :until");
            values.put("until", Timestamp.from(query.until()));
        }
        if (query.statuses().isEmpty()) {
            text.append(" AND r.enteredInError = false");
        } else {
            text.append(" AND r.status IN :statuses");
            values.put("statuses", query.statuses());
        }
        tokens(text, values, ChartTokenEntity.Kind.CODE, query.codes());
        tokens(text, values, ChartTokenEntity.Kind.CATEGORY, query.categories());
        return new Where(text.toString(), values);
    }

    private static void tokens(StringBuilder text, Map<String, Object> values, ChartTokenEntity.Kind kind,
            List<Token> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String k = kind.name().toLowerCase(Locale.ROOT);
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            List<String> parts = new ArrayList<>();
            if (token.system() != null) {
                parts.add("t.system = :" + k + "System" + i);
                values.put(k + "System" + i, token.system());
            }
            if (token.code() != null) {
                parts.add("t.code = :" + k + "Code" + i);
                values.put(k + "Code" + i, token.code());
            }
            alternatives.add("(" + String.join(" AND ", parts) + ")");
        }
        text.append(" AND EXISTS (SELECT t FROM ChartTokenEntity t WHERE t.resourceId = r.id AND t.kind = :")
                .append(k).append("Kind AND (").append(String.join(" OR ", alternatives)).append("))");
        values.put(k + "Kind", kind.name());
    }
}
