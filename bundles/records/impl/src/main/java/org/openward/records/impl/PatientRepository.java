package org.openward.records.impl;

import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

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

    int count(PatientQuery query) {
        Criteria criteria = criteria(query);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(DISTINCT p.id) " + criteria.jpql(), Long.class);
        criteria.bind(count);
        return Math.toIntExact(count.getSingleResult());
    }

    List<PatientEntity> page(PatientQuery query) {
        Criteria criteria = criteria(query);
        TypedQuery<PatientEntity> select = em.createQuery(
                "SELECT DISTINCT p " + criteria.jpql() + " ORDER BY p.sortName, p.id", PatientEntity.class);
        criteria.bind(select);
        return select.setFirstResult(query.offset()).setMaxResults(query.count()).getResultList();
    }

    /**
     * FROM and WHERE of a patient search, with positional parameters. Name and identifier
     * criteria are joins, so that the database can start from their indexes rather than from
     * every patient.
     */
    private static final class Criteria {
        private final StringBuilder joins = new StringBuilder("FROM PatientEntity p");
        private final StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        private final List<Object> values = new ArrayList<>();

        String param(Object value) {
            values.add(value);
            return "?" + values.size();
        }

        /** Joins a collection of the patient and returns the alias. */
        String join(String collection) {
            String alias = "j" + joins.length();
            joins.append(" JOIN p.").append(collection).append(' ').append(alias);
            return alias;
        }

        void and(String condition) {
            where.append(" AND ").append(condition);
        }

        String jpql() {
            return joins.toString() + where;
        }

        void bind(TypedQuery<?> query) {
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 1, values.get(i));
            }
        }
    }

    private Criteria criteria(PatientQuery q) {
        Criteria c = new Criteria();
        if (q.id() != null) {
            c.and("p.id = " + c.param(q.id()));
        }
        namePart(c, q.name(), null);
        namePart(c, q.family(), NamePartEntity.Kind.FAMILY);
        namePart(c, q.given(), NamePartEntity.Kind.GIVEN);
        if (q.birthDateFrom() != null) {
            c.and("p.birthDate >= " + c.param(q.birthDateFrom()));
        }
        if (q.birthDateTo() != null) {
            c.and("p.birthDate <= " + c.param(q.birthDateTo()));
        }
        if (q.gender() != null) {
            c.and("p.gender = " + c.param(q.gender().code()));
        }
        identifier(c, q.identifierSystem(), q.identifierValue());
        return c;
    }

    private static void namePart(Criteria c, TextMatch match, NamePartEntity.Kind kind) {
        if (match == null) {
            return;
        }
        String n = c.join("nameParts");
        c.and(switch (match.mode()) {
            case EXACT -> n + ".value = " + c.param(match.text());
            case STARTS_WITH -> n + ".normalized LIKE " + c.param(likeEscape(Names.normalize(match.text())) + "%") + " ESCAPE '\\'";
            case CONTAINS -> n + ".normalized LIKE " + c.param("%" + likeEscape(Names.normalize(match.text())) + "%") + " ESCAPE '\\'";
        });
        if (kind != null) {
            c.and(n + ".kind = " + c.param(kind.name()));
        }
    }

    private void identifier(Criteria c, String system, String value) {
        if (system == null && value == null) {
            return;
        }
        if (mrnSystem.equals(system)) {
            if (value != null) {
                c.and("p.mrn = " + c.param(value));
            }
            return;
        }
        if (system == null) {
            // the MRN or any other identifier: an MRN is unique, so look there first
            c.and("(p.mrn = " + c.param(value) + " OR p.id IN (SELECT i.patient.id FROM PatientIdentifierEntity i WHERE i.value = "
                    + c.param(value) + "))");
            return;
        }
        String i = c.join("identifiers");
        c.and(i + ".system = " + c.param(system));
        if (value != null) {
            c.and(i + ".value = " + c.param(value));
        }
    }

    static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
