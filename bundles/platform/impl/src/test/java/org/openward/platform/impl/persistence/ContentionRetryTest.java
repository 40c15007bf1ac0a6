package org.openward.platform.impl.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.platform.api.persistence.Transactions;
import org.openward.testing.TestDatabase;

/**
 * Transactions refused by a real Derby: another connection holds the row lock the work needs,
 * so Derby gives up on the work's transaction (40XL1, a one-second lock wait here) and rolls it back.
 */
public class ContentionRetryTest {

    private final TestDatabase database = new TestDatabase();

    @Before
    public void ward() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ward (id INT PRIMARY KEY, beds INT NOT NULL)");
            s.execute("INSERT INTO ward VALUES (1, 10)");
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '1')");
        }
    }

    @After
    public void close() {
        database.close();
    }

    @Test
    public void aTransactionRefusedForAHeldLockRunsAgainAndCountsOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Connection holder = holdingWardOne()) {
            Transactions transactions = ContentionRetry.outsideOsgi(() -> false);

            int beds = transactions.retryWhenRefused(() -> {
                if (attempts.incrementAndGet() == 2) {
                    commit(holder); // the other transaction finishes while ours waits to run again
                }
                return addOneBed();
            });

            assertEquals("refused once, then through", 2, attempts.get());
            assertEquals("both transactions counted, ours once", 111, beds);
        }
        assertEquals(111, beds());
    }

    @Test
    public void insideATransactionBegunElsewhereTheRefusalGoesUp() throws Exception {
        assertEquals("only whoever began the transaction may repeat it", 1, attemptsWhileWardOneIsHeld(true));
        assertEquals(10, beds());
    }

    @Test
    public void aTransactionStillRefusedAfterTheLastAttemptFailsWithTheRefusal() throws Exception {
        assertEquals(ContentionRetry.ATTEMPTS, attemptsWhileWardOneIsHeld(false));
        assertEquals("nothing of the refused transactions was written", 10, beds());
    }

    @Test
    public void otherFailuresAreNotRepeated() {
        AtomicInteger attempts = new AtomicInteger();
        Transactions transactions = ContentionRetry.outsideOsgi(() -> false);

        RuntimeException duplicate = assertThrows(RuntimeException.class, () -> transactions.retryWhenRefused(() -> {
            attempts.incrementAndGet();
            return update("INSERT INTO ward VALUES (1, 5)");
        }));

        assertEquals("a duplicate key is the caller's error", 1, attempts.get());
        assertEquals(false, Transactions.refusedForContention(duplicate));
    }

    /** A connection whose open transaction holds ward 1's row lock. */
    private Connection holdingWardOne() throws SQLException {
        Connection holder = database.dataSource().getConnection();
        holder.setAutoCommit(false);
        holder.createStatement().executeUpdate("UPDATE ward SET beds = beds + 100 WHERE id = 1");
        return holder;
    }

    /**
     * Adds a bed while another transaction holds ward 1 throughout, so that every attempt is
     * refused; checks that the refusal comes out and rolls the holder back.
     *
     * @return how many times the work ran
     */
    private int attemptsWhileWardOneIsHeld(boolean transactionActive) throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        try (Connection holder = holdingWardOne()) {
            Transactions transactions = ContentionRetry.outsideOsgi(() -> transactionActive);

            RuntimeException refused = assertThrows(RuntimeException.class, () -> transactions.retryWhenRefused(() -> {
                attempts.incrementAndGet();
                return addOneBed();
            }));

            assertTrue(Transactions.refusedForContention(refused));
            holder.rollback();
        }
        return attempts.get();
    }

    /** One transaction of its own: one more bed on ward 1; the beds then. */
    private int addOneBed() {
        update("UPDATE ward SET beds = beds + 1 WHERE id = 1");
        return beds();
    }

    private int update(String sql) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                int rows = c.createStatement().executeUpdate(sql);
                c.commit();
                return rows;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int beds() {
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT beds FROM ward WHERE id = 1")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void commit(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
