package org.openward.testing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.openward.platform.api.persistence.Sequences;
import org.openward.platform.api.persistence.Transactions;
import org.openward.platform.impl.persistence.ContentionRetry;
import org.openward.platform.impl.persistence.FlywaySchemaMigrator;
import org.openward.platform.impl.persistence.JdbcSequences;

/**
 * A fresh in-memory Derby database for one test: the real migrator (Flyway, reading
 * db/migration from the test's class path) and real OpenJPA persistence units on it.
 */
public final class TestDatabase implements AutoCloseable {

    private final String name = "memory:openward-test-" + UUID.randomUUID();
    private final EmbeddedDataSource dataSource = new EmbeddedDataSource();
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    public TestDatabase() {
        dataSource.setDatabaseName(name);
        dataSource.setCreateDatabase("create");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The platform's migrator (Flyway) for one module: it applies the migrations shipped beside
     * {@code moduleClass}, as the runtime applies those of the module's bundle.
     */
    public SchemaMigrator migrator(Class<?> moduleClass) {
        return new FlywaySchemaMigrator(dataSource, new ModuleMigrations(moduleClass), moduleClass.getName());
    }

    /** Numbers from this database's sequences, as the runtime hands them out. */
    public Sequences sequences() {
        return new JdbcSequences(dataSource);
    }

    /** Repeats refused transactions, as the runtime does; a transaction is active while a template's is. */
    public Transactions transactions() {
        return ContentionRetry.outsideOsgi(LocalJpaTemplate::inTransaction);
    }

    /** A resource-local template on a persistence unit from the class path's persistence.xml. */
    public JpaTemplate jpa(String unit) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.transactionType", "RESOURCE_LOCAL");
        properties.put("javax.persistence.jtaDataSource", "");
        properties.put("openjpa.ConnectionFactory", dataSource);
        properties.put("openjpa.ConnectionFactoryMode", "local");
        properties.put("openjpa.ManagedRuntime", "invocation(TransactionManagerMethod=java.lang.Object.toString)");
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(unit, properties);
        factories.add(factory);
        return new LocalJpaTemplate(factory);
    }

    @Override
    public void close() {
        factories.forEach(EntityManagerFactory::close);
        EmbeddedDataSource drop = new EmbeddedDataSource();
        drop.setDatabaseName(name);
        drop.setConnectionAttributes("drop=true");
        try {
            drop.getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a successful drop as an exception (SQL state 08006)
        }
    }
}
