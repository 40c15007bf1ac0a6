package org.openward.records.impl;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.apache.openjpa.jdbc.conf.JDBCConfiguration;
import org.apache.openjpa.jdbc.sql.DBDictionary;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.TextMatch;

/** The patient queries, in JPQL. Works inside the caller's transaction. */
final class PatientRepository {

    private final EntityManager em;
    private final String mrnSystem;

    PatientRepository(EntityManager em, String mrnSystem) {
        this.em = em;
        this.mrnSystem = mrnSystem;
    }

    PatientEntity find(String id) {
        return em.find(PatientEntity.class, id);
    }

    boolean mrnTaken(String mrn) {
        return !em.createQuery("SELECT p.id FROM PatientEntity p WHERE p.mrn = ?1", String.class)
                .setParameter(1, mrn).setMaxResults(1).getResultList().isEmpty();
    }

    /** How Derby asks for a sequence's next value; OpenJPA's Derby dictionary does not say. */
    private static final String DERBY_NEXT_VALUE = "VALUES NEXT VALUE FOR {0}";

    /**
     * The next number of a database sequence: atomic under any concurrency, never handed out
     * twice, and never given back on rollback (gaps are fine). OpenJPA's dictionary knows how
     * PostgreSQL asks for it.
     */
    long nextValue(String sequence) {
        DBDictionary dictionary = ((JDBCConfiguration) OpenJPAPersistence.cast(em).getConfiguration())
                .getDBDictionaryInstance();
        String query = dictionary.nextSequenceQuery != null ? dictionary.nextSequenceQuery : DERBY_NEXT_VALUE;
        String sql = MessageFormat.format(query, sequence);
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }

    int count(PatientQuery query) {
        Where where = where(query);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(p) FROM PatientEntity p" + where.jpql, Long.class);
        where.bind(count);
        return Math.toIntExact(count.getSingleResult());
    }

    List<PatientEntity> page(PatientQuery query) {
        Where where = where(query);
        TypedQuery<PatientEntity> select = em.createQuery(
                "SELECT p FROM PatientEntity p" + where.jpql + " ORDER BY p.sortName, p.id", PatientEntity.class);
        where.bind(select);
        return select.setFirstResult(query.offset()).setMaxResults(query.count()).getResultList();
    }

    /** A WHERE clause with positional parameters. */
    private static final class Where {
        private final StringBuilder jpql = new StringBuilder(" WHERE 1 = 1");
        private final List<Object> values = new ArrayList<>();

        String param(Object value) {
            values.add(value);
            return "?" + values.size();
        }

        void and(String condition) {
            jpql.append(" AND ").append(condition);
        }

        void bind(TypedQuery<?> query) {
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 1, values.get(i));
            }
        }
    }

    private Where where(PatientQuery q) {
        Where w = new Where();
        if (q.id() != null) {
            w.and("p.id = " + w.param(q.id()));
        }
        namePart(w, q.name(), null);
        namePart(w, q.family(), NamePartEntity.Kind.FAMILY);
        namePart(w, q.given(), NamePartEntity.Kind.GIVEN);
        if (q.birthDateFrom() != null) {
            w.and("p.birthDate >= " + w.param(q.birthDateFrom()));
        }
        if (q.birthDateTo() != null) {
            w.and("p.birthDate <= " + w.param(q.birthDateTo()));
        }
        if (q.gender() != null) {
            w.and("p.gender = " + w.param(q.gender().code()));
        }
        identifier(w, q.identifierSystem(), q.identifierValue());
        return w;
    }

    private static void namePart(Where w, TextMatch match, NamePartEntity.Kind kind) {
        if (match == null) {
            return;
        }
        String condition = switch (match.mode()) {
            case EXACT -> "n.value = " + w.param(match.text());
            case STARTS_WITH -> "n.normalized LIKE " + w.param(likeEscape(Names.normalize(match.text())) + "%") + " ESCAPE '\\'";
            case CONTAINS -> "n.normalized LIKE " + w.param("%" + likeEscape(Names.normalize(match.text())) + "%") + " ESCAPE '\\'";
        };
        if (kind != null) {
            condition += " AND n.kind = " + w.param(kind.name());
        }
        // an IN subquery lets the database start from the name-part index instead of every patient
        w.and("p.id IN (SELECT n.patient.id FROM NamePartEntity n WHERE " + condition + ")");
    }

    private void identifier(Where w, String system, String value) {
        if (system == null && value == null) {
            return;
        }
        if (mrnSystem.equals(system)) {
            if (value != null) {
                w.and("p.mrn = " + w.param(value));
            }
            return;
        }
        String other = "p.id IN (SELECT i.patient.id FROM PatientIdentifierEntity i WHERE 1 = 1"
                + (system == null ? "" : " AND i.system = " + w.param(system))
                + (value == null ? "" : " AND i.value = " + w.param(value)) + ")";
        if (system == null) {
            w.and("(p.mrn = " + w.param(value) + " OR " + other + ")");
        } else {
            w.and(other);
        }
    }

    static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
