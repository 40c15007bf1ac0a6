package org.openward.audit.impl;

import javax.sql.DataSource;

import org.apache.aries.jpa.template.JpaTemplate;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The audit tables, available only once the audit schema is migrated: records are written
 * through the persistence unit, the chain is linked and checked in plain SQL.
 */
@Component(service = AuditDatabase.class)
public class AuditDatabase {

    private final JpaTemplate jpa;
    private final DataSource dataSource;

    @Activate
    public AuditDatabase(@Reference SchemaMigrator migrator,
            @Reference(target = "(osgi.unit.name=openward-audit)") JpaTemplate jpa,
            @Reference(target = "(osgi.jndi.service.name=openward)") DataSource dataSource) {
        migrator.migrate("audit");
        this.jpa = jpa;
        this.dataSource = dataSource;
    }

    JpaTemplate jpa() {
        return jpa;
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
