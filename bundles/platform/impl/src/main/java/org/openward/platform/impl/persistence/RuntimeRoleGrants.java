package org.openward.platform.impl.persistence;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * What the runtime role may do with a module's tables on PostgreSQL, when the schema belongs to
 * an owner role that runs the migrations: by default select, insert, update and delete; less
 * where the module's {@code db/migration/privileges.properties} says so (the audit trail: insert and
 * select only, so that the application cannot change or remove a record whatever its code does).
 * Granted afresh after every migration; the history table the runtime role may only read.
 */
final class RuntimeRoleGrants {

    /** Beside the migrations, in the module's db/migration folder. */
    static final String FILE = "privileges.properties";
    static final String DEFAULT = "SELECT, INSERT, UPDATE, DELETE";
    private static final Pattern PRIVILEGES = Pattern.compile("(SELECT|INSERT|UPDATE|DELETE)(\\s*,\\s*(SELECT|INSERT|UPDATE|DELETE))*");

    private final Properties limits = new Properties();

    /** The module's limits, from the migrations it ships. */
    RuntimeRoleGrants(ResourceProvider migrations) {
        LoadableResource file = migrations.getResource(FILE);
        if (file != null) {
            try (Reader reader = file.read()) {
                limits.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + FILE, e);
            }
        }
        for (String table : limits.stringPropertyNames()) {
            if (!PRIVILEGES.matcher(limits.getProperty(table).strip()).matches()) {
                throw new IllegalStateException(FILE + ": " + table + " = " + limits.getProperty(table)
                        + " is not a list of SELECT, INSERT, UPDATE, DELETE");
            }
        }
    }

    /** The privileges of the runtime role on this table. */
    String privileges(String table) {
        return limits.getProperty(table, DEFAULT).strip();
    }

    /** Grants the runtime role its privileges on the module's tables and sequences, as their owner. */
    void apply(Connection owner, String schema, String runtimeRole) throws SQLException {
        String role = quoted(runtimeRole);
        String prefix = schema.replace("_", "\\_") + "\\_%";
        try (Statement statement = owner.createStatement()) {
            for (String table : names(owner, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    + " AND tablename LIKE ?", prefix)) {
                if (table.equals(schema + "_schema_history")) {
                    // read only: the health checks compare it with the migrations a build ships
                    statement.execute("REVOKE ALL ON TABLE " + quoted(table) + " FROM " + role);
                    statement.execute("GRANT SELECT ON TABLE " + quoted(table) + " TO " + role);
                    continue;
                }
                statement.execute("REVOKE ALL ON TABLE " + quoted(table) + " FROM " + role);
                statement.execute("GRANT " + privileges(table) + " ON TABLE " + quoted(table) + " TO " + role);
            }
            for (String sequence : names(owner, "SELECT sequencename FROM pg_sequences"
                    + " WHERE schemaname = current_schema() AND sequencename LIKE ?", prefix)) {
                statement.execute("GRANT USAGE, SELECT ON SEQUENCE " + quoted(sequence) + " TO " + role);
            }
        }
    }

    private static List<String> names(Connection connection, String query, String pattern) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, pattern);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
