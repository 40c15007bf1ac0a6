package org.openward.platform.impl.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.openward.platform.api.persistence.Sequences;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link Sequences} on the platform database. A sequence's next value is not transactional,
 * so it is fetched on a connection of its own; each database spells the query its way.
 */
@Component
public class JdbcSequences implements Sequences {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /**
     * Derby's "too much contention on sequence": under many concurrent callers, the nested
     * transaction that allocates the next block of values gave up waiting. Nothing was taken;
     * asking again is safe.
     */
    private static final String CONTENDED = "X0Y84";
    private static final int ATTEMPTS = 8;

    private final DataSource dataSource;

    @Activate
    public JdbcSequences(@Reference(target = "(osgi.jndi.service.name=openward)") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long next(String sequence) {
        if (!NAME.matcher(sequence).matches()) {
            throw new IllegalArgumentException("not a sequence name: " + sequence);
        }
        for (int attempt = 1;; attempt++) {
            try {
                return nextValue(sequence);
            } catch (SQLException e) {
                if (!contended(e) || attempt == ATTEMPTS) {
                    throw new IllegalStateException("cannot read the next value of sequence " + sequence, e);
                }
                pause(attempt);
            }
        }
    }

    private long nextValue(String sequence) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String query = product.contains("postgres")
                    ? "SELECT nextval('" + sequence + "')"
                    : "VALUES NEXT VALUE FOR " + sequence;
            try (ResultSet next = statement.executeQuery(query)) {
                next.next();
                return next.getLong(1);
            }
        }
    }

    private static boolean contended(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && CONTENDED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt + ThreadLocalRandom.current().nextInt(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sequence value", e);
        }
    }
}
