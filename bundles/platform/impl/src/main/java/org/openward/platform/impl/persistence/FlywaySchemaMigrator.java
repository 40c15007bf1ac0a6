package org.openward.platform.impl.persistence;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaMigrator} on Flyway. Bundle scoped: each module gets its own instance, bound to
 * the module's bundle, so it migrates only what that bundle ships. Flyway locks the history
 * table while it migrates, which serializes concurrent starts, also across nodes.
 *
 * <p>On PostgreSQL the schema can belong to an owner role ({@code ownerUser}) that runs the
 * migrations, while the data source's user is the runtime role with only the privileges
 * {@link RuntimeRoleGrants} gives it.
 */
@Component(scope = ServiceScope.BUNDLE, configurationPid = FlywaySchemaMigrator.PID)
@Designate(ocd = FlywaySchemaMigrator.Config.class)
public class FlywaySchemaMigrator implements SchemaMigrator {

    public static final String PID = "org.openward.database";

    @ObjectClassDefinition(name = "OpenWard database", description = "Who owns the schema.")
    public @interface Config {
        @AttributeDefinition(name = "Schema owner (PostgreSQL)", required = false,
                description = "The role that owns the tables and runs the migrations. Empty: the data source's"
                        + " user does both. Set: the data source's user is the runtime role and may only select,"
                        + " insert, update and delete, and on the audit trail only select and insert.")
        String ownerUser() default "";

        @AttributeDefinition(name = "Schema owner's password", type = AttributeType.PASSWORD, required = false)
        String ownerPassword() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(FlywaySchemaMigrator.class);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z_]{0,30}");

    private final DataSource dataSource;
    /** Where the migrations come from: the module's bundle (tests hand in the module's jar). */
    private final ResourceProvider migrations;
    private final String module;
    /** The schema owner's connections, when the owner is not the data source's user; made at first use. */
    private final Supplier<DataSource> schemaOwner;

    @Activate
    public FlywaySchemaMigrator(
            @Reference(target = "(osgi.jndi.service.name=openward)") DataSource dataSource,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL,
                    target = "(osgi.jdbc.driver.class=org.postgresql.Driver)") DataSourceFactory postgres,
            Config config, ComponentContext context) {
        this(dataSource, new BundleMigrations(context.getUsingBundle()), context.getUsingBundle().getSymbolicName(),
                config.ownerUser().isBlank() ? null : () -> ownerDataSource(dataSource, postgres, config));
    }

    /** For tests outside OSGi, and the DS constructor. */
    public FlywaySchemaMigrator(DataSource dataSource, ResourceProvider migrations, String module) {
        this(dataSource, migrations, module, null);
    }

    private FlywaySchemaMigrator(DataSource dataSource, ResourceProvider migrations, String module,
            Supplier<DataSource> schemaOwner) {
        this.dataSource = dataSource;
        this.migrations = migrations;
        this.module = module;
        this.schemaOwner = schemaOwner;
    }

    /** The owner's connections to the data source's database, through the PostgreSQL driver's factory. */
    private static DataSource ownerDataSource(DataSource runtime, DataSourceFactory postgres, Config config) {
        try (Connection connection = runtime.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!product.toLowerCase(Locale.ROOT).contains("postgres")) {
                throw new IllegalStateException(PID + ": ownerUser is for PostgreSQL; this database is " + product);
            }
            if (postgres == null) {
                throw new IllegalStateException(PID + ": ownerUser is set but the PostgreSQL driver is not there");
            }
            Properties owner = new Properties();
            owner.setProperty(DataSourceFactory.JDBC_URL, connection.getMetaData().getURL());
            owner.setProperty(DataSourceFactory.JDBC_USER, config.ownerUser());
            owner.setProperty(DataSourceFactory.JDBC_PASSWORD, config.ownerPassword());
            return postgres.createDataSource(owner);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the schema owner's database", e);
        }
    }

    @Override
    public String migrate(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name must be lower case letters and underscores: " + schema);
        }
        DataSource owner = schemaOwner == null ? null : schemaOwner.get();
        Flyway flyway = flyway(owner != null ? owner : dataSource, dataSource, migrations, schema);
        refuseContraction(flyway, schema);
        try {
            MigrateResult result = flyway.migrate();
            String version = result.targetSchemaVersion != null
                    ? result.targetSchemaVersion
                    : flyway.info().current().getVersion().getVersion();
            LOG.info("Schema {} of {} is at version {} ({} migrations applied now)",
                    schema, module, version, result.migrationsExecuted);
            if (owner != null) {
                grantRuntimeRole(schema, owner);
            }
            return version;
        } catch (FlywayException e) {
            throw new IllegalStateException("migrating schema " + schema + " of " + module
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses, before anything is applied, pending migrations that the module's previous build
     * could not run against (see {@link ExpandOnly}): during an update both builds share the schema.
     */
    private void refuseContraction(Flyway flyway, String schema) {
        List<String> refused = new ArrayList<>();
        for (MigrationInfo pending : flyway.info().pending()) {
            String script = pending.getScript();
            LoadableResource resource = migrations.getResource(script.substring(script.lastIndexOf('/') + 1));
            if (resource == null) {
                continue;
            }
            try (Reader reader = resource.read()) {
                StringWriter sql = new StringWriter();
                reader.transferTo(sql);
                refused.addAll(ExpandOnly.violations(resource.getFilename(), sql.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration " + script, e);
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("schema " + schema + " of " + module + " not migrated: while a module is"
                    + " updated its previous build runs on the same schema, so migrations only add; "
                    + String.join("; ", refused) + ". Once no build needs the old shape, do it in a contract step"
                    + " named V<n>" + ExpandOnly.CONTRACT + "<what>.sql");
        }
    }

    /**
     * Where a module's schema stands against the migrations its bundle ships: what the health
     * checks report. Read with the runtime role, which may read the history table.
     */
    public static MigrationStatus status(DataSource dataSource, Bundle module, String schema) {
        MigrationInfoService info = flyway(dataSource, dataSource, new BundleMigrations(module), schema).info();
        MigrationInfo current = info.current();
        List<String> failed = Arrays.stream(info.all()).filter(m -> m.getState().isFailed())
                .map(m -> m.getVersion() + " " + m.getDescription()).toList();
        return new MigrationStatus(current == null ? "none" : current.getVersion().getVersion(), info.pending().length,
                failed);
    }

    /** The schema's version, how many of the bundle's migrations are not applied yet, and those that failed. */
    public record MigrationStatus(String version, int pending, List<String> failed) {
    }

    private static Flyway flyway(DataSource target, DataSource runtime, ResourceProvider migrations, String schema) {
        return Flyway.configure(FlywaySchemaMigrator.class.getClassLoader())
                .dataSource(target)
                .resourceProvider(migrations)
                .placeholders(Map.of("clob", isPostgres(runtime) ? "TEXT" : "CLOB"))
                .table(schema + "_schema_history")
                .validateMigrationNaming(true)
                // Modules share one database schema, so it is rarely empty when a module first
                // starts: begin this module's history at version 0 and apply V1 onwards.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .loggers("slf4j")
                .load();
    }

    /** Whether the database is PostgreSQL: migrations write {@code ${clob}} for long text, TEXT there, CLOB on Derby. */
    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate it: " + e.getMessage(), e);
        }
    }

    private void grantRuntimeRole(String schema, DataSource schemaOwner) {
        RuntimeRoleGrants grants = new RuntimeRoleGrants(migrations);
        try (Connection runtime = dataSource.getConnection(); Connection owner = schemaOwner.getConnection()) {
            String role = runtime.getMetaData().getUserName();
            grants.apply(owner, schema, role);
            LOG.info("Schema {} of {}: runtime role {} granted its privileges", schema, module, role);
        } catch (SQLException e) {
            throw new IllegalStateException("granting the runtime role its privileges on schema " + schema
                    + " failed: " + e.getMessage(), e);
        }
    }
}
