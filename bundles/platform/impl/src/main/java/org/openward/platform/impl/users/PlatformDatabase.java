package org.openward.platform.impl.users;

import org.apache.aries.jpa.template.EmFunction;
import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.openward.platform.api.persistence.SchemaMigrator;
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

    @Activate
    public PlatformDatabase(@Reference SchemaMigrator migrator,
            @Reference(target = "(osgi.unit.name=openward-platform)") JpaTemplate jpa) {
        migrator.migrate("platform");
        this.jpa = jpa;
    }

    /** Runs work in the caller's JTA transaction, or in a new one. */
    public <R> R tx(EmFunction<R> work) {
        return jpa.txExpr(TransactionType.Required, work);
    }
}
