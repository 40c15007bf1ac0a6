package org.openward.platform.impl.persistence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.logging.Logger;

import javax.sql.DataSource;
import javax.transaction.Status;
import javax.transaction.SystemException;
import javax.transaction.Transaction;
import javax.transaction.TransactionManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The OpenWard data source ({@code osgi.jndi.service.name=openward}) every module uses: the pooled
 * XA data source of pax-jdbc ({@code openward-pool}), with one rule of JCA connection management
 * enforced that the pool (pax-transx 0.5.4) leaves out: a connection obtained inside a JTA
 * transaction belongs to that transaction and is dead once it ends.
 *
 * <p>The pool gives a transaction's physical connection back in an after-completion callback
 * but does not invalidate the handles given out on it. OpenJPA keeps the connection of a
 * transaction that flushed until the transaction ends and closes its handle in its own
 * after-completion callback; when that came second, the pool took the connection back a second
 * time, and under concurrent writes two transactions were later handed the same connection
 * ("Connection is busy with another transaction", statements outside their transaction). Here,
 * closing a handle whose transaction has ended does nothing (the pool already has the
 * connection back), and using one fails instead of running on somebody else's connection.
 */
@Component(service = DataSource.class, property = "osgi.jndi.service.name=openward")
public class TransactionBoundDataSource implements DataSource {

    private static final Set<Integer> OPEN = Set.of(Status.STATUS_ACTIVE, Status.STATUS_MARKED_ROLLBACK,
            Status.STATUS_PREPARING, Status.STATUS_PREPARED, Status.STATUS_COMMITTING, Status.STATUS_ROLLING_BACK);

    private final DataSource pool;
    private final TransactionManager transactions;

    @Activate
    public TransactionBoundDataSource(@Reference(target = "(osgi.jndi.service.name=openward-pool)") DataSource pool,
            @Reference TransactionManager transactions) {
        this.pool = pool;
        this.transactions = transactions;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Transaction transaction = activeTransaction();
        return bind(pool.getConnection(), transaction);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Transaction transaction = activeTransaction();
        return bind(pool.getConnection(username, password), transaction);
    }

    private Transaction activeTransaction() throws SQLException {
        try {
            Transaction transaction = transactions.getTransaction();
            return transaction != null && transaction.getStatus() == Status.STATUS_ACTIVE ? transaction : null;
        } catch (SystemException e) {
            throw new SQLException("cannot read the current transaction", e);
        }
    }

    private static Connection bind(Connection connection, Transaction transaction) {
        if (transaction == null) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(TransactionBoundDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Bound(connection, transaction));
    }

    /** A connection handle that lives as long as its transaction. */
    private static final class Bound implements InvocationHandler {

        private final Connection handle;
        private final Transaction transaction;

        Bound(Connection handle, Transaction transaction) {
            this.handle = handle;
            this.transaction = transaction;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "transaction-bound " + handle;
                case "close":
                    if (!open()) {
                        return null; // the pool took the connection back when the transaction ended
                    }
                    break;
                case "isClosed":
                    if (!open()) {
                        return true;
                    }
                    break;
                default:
                    if (!open()) {
                        throw new SQLException("this connection belonged to a transaction that has ended", "08003");
                    }
            }
            try {
                return method.invoke(handle, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private boolean open() {
            try {
                return OPEN.contains(transaction.getStatus());
            } catch (SystemException e) {
                return false;
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
