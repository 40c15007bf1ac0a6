package org.openward.platform.impl.users;

import org.apache.aries.jpa.template.EmFunction;
import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.openward.platform.api.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The platform's persistence unit, available only once the platform schema is migrated:
 * whoever holds this service may query.
 */
@Component(service = PlatformDatabase.class)
public class PlatformDatabase {

    private final JpaTemplate jpa;
    private final Transactions transactions;

    @Activate
    public PlatformDatabase(@Reference SchemaMigrator migrator,
            @Reference(target = "(osgi.unit.name=openward-platform)") JpaTemplate jpa,
            @Reference Transactions transactions) {
        migrator.migrate("platform");
        this.jpa = jpa;
        this.transactions = transactions;
    }

    /**
     * Runs work in the caller's JTA transaction, or in a new one, which is run again when the
     * database refuses it for contention ({@link Transactions}).
     */
    public <R> R tx(EmFunction<R> work) {
        return transactions.retryWhenRefused(() -> jpa.txExpr(TransactionType.Required, work));
    }
}
