package org.openward.records.impl;

import java.sql.SQLException;

import org.apache.aries.jpa.template.EmFunction;
import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.openward.platform.api.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The records persistence unit, available only once the records schema is migrated. */
@Component(service = RecordsDatabase.class)
public class RecordsDatabase {

    private final JpaTemplate jpa;
    private final Transactions transactions;

    @Activate
    public RecordsDatabase(@Reference SchemaMigrator migrator,
            @Reference(target = "(osgi.unit.name=openward-records)") JpaTemplate jpa,
            @Reference Transactions transactions) {
        migrator.migrate("records");
        this.jpa = jpa;
        this.transactions = transactions;
    }

    /** Whether a failure is the database refusing a duplicate key (SQLState 23505, Derby and PostgreSQL alike). */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs work in the caller's JTA transaction, or in a new one, which is run again when the
     * database refuses it for contention ({@link Transactions}).
     */
    public <R> R tx(EmFunction<R> work) {
        return transactions.retryWhenRefused(() -> jpa.txExpr(TransactionType.Required, work));
    }
}
