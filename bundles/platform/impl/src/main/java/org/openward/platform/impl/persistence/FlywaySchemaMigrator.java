package org.openward.platform.impl.persistence;

import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaMigrator} on Flyway. Bundle scoped: each module gets its own instance, bound to
 * the module's bundle, so it migrates only what that bundle ships. Flyway locks the history
 * table while it migrates, which serializes concurrent starts, also across nodes.
 */
@Component(scope = ServiceScope.BUNDLE)
public class FlywaySchemaMigrator implements SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(FlywaySchemaMigrator.class);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z_]{0,30}");

    private final DataSource dataSource;
    /** Where the migrations come from: the module's bundle (tests hand in the module's jar). */
    private final ResourceProvider migrations;
    private final String owner;

    @Activate
    public FlywaySchemaMigrator(
            @Reference(target = "(osgi.jndi.service.name=openward)") DataSource dataSource,
            ComponentContext context) {
        this(dataSource, new BundleMigrations(context.getUsingBundle()), context.getUsingBundle().getSymbolicName());
    }

    /** For tests outside OSGi, and the DS constructor. */
    public FlywaySchemaMigrator(DataSource dataSource, ResourceProvider migrations, String owner) {
        this.dataSource = dataSource;
        this.migrations = migrations;
        this.owner = owner;
    }

    @Override
    public String migrate(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name must be lower case letters and underscores: " + schema);
        }
        Flyway flyway = Flyway.configure(FlywaySchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .resourceProvider(migrations)
                .table(schema + "_schema_history")
                .validateMigrationNaming(true)
                // Modules share one database schema, so it is rarely empty when a module first
                // starts: begin this module's history at version 0 and apply V1 onwards.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .loggers("slf4j")
                .load();
        try {
            MigrateResult result = flyway.migrate();
            String version = result.targetSchemaVersion != null
                    ? result.targetSchemaVersion
                    : flyway.info().current().getVersion().getVersion();
            LOG.info("Schema {} of {} is at version {} ({} migrations applied now)",
                    schema, owner, version, result.migrationsExecuted);
            return version;
        } catch (FlywayException e) {
            throw new IllegalStateException("migrating schema " + schema + " of " + owner
                    + " failed: " + e.getMessage(), e);
        }
    }
}
