package org.openward.testing;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.aries.jpa.template.EmConsumer;
import org.apache.aries.jpa.template.EmFunction;
import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;

/**
 * A working {@link JpaTemplate} on resource-local transactions, for tests outside OSGi. A nested
 * call joins the transaction of the enclosing one on the same thread; {@code RequiresNew} starts
 * its own. Transactions of two templates are separate (in the runtime, JTA joins them).
 */
public final class LocalJpaTemplate implements JpaTemplate {

    /** How many transactions of any template are open on this thread. */
    private static final ThreadLocal<Integer> OPEN = ThreadLocal.withInitial(() -> 0);

    private final EntityManagerFactory factory;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();

    /** Whether a transaction of any of these templates is open on the calling thread. */
    public static boolean inTransaction() {
        return OPEN.get() > 0;
    }

    public LocalJpaTemplate(EntityManagerFactory factory) {
        this.factory = factory;
    }

    @Override
    public <R> R txExpr(TransactionType type, EmFunction<R> code) {
        EntityManager outer = current.get();
        if (outer != null && type != TransactionType.RequiresNew) {
            return code.apply(outer);
        }
        EntityManager em = factory.createEntityManager();
        current.set(em);
        OPEN.set(OPEN.get() + 1);
        try {
            em.getTransaction().begin();
            R result = code.apply(em);
            em.getTransaction().commit();
            return result;
        } catch (RuntimeException e) {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            throw e;
        } finally {
            OPEN.set(OPEN.get() - 1);
            em.close();
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    @Override
    public void tx(TransactionType type, EmConsumer code) {
        txExpr(type, em -> {
            code.accept(em);
            return null;
        });
    }

    @Override
    public <R> R txExpr(EmFunction<R> code) {
        return txExpr(TransactionType.Required, code);
    }

    @Override
    public void tx(EmConsumer code) {
        tx(TransactionType.Required, code);
    }
}
