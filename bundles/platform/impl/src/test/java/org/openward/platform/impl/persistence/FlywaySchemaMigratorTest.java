package org.openward.platform.impl.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;

import org.junit.After;
import org.junit.Test;
import org.openward.platform.api.persistence.SchemaMigrator;
import org.openward.testing.TestDatabase;

public class FlywaySchemaMigratorTest {

    private final TestDatabase database = new TestDatabase();

    @After
    public void close() {
        database.close();
    }

    @Test
    public void migratesThePlatformSchemaOnceAndIsSafeToRunAgain() throws Exception {
        SchemaMigrator migrator = database.migrator(FlywaySchemaMigrator.class);
        assertEquals("2", migrator.migrate("platform"));
        assertEquals("2", migrator.migrate("platform"));
        try (Connection c = database.dataSource().getConnection();
                ResultSet roles = c.createStatement().executeQuery("SELECT COUNT(*) FROM platform_role");
                ResultSet history = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM \"platform_schema_history\" WHERE \"success\" = TRUE")) {
            roles.next();
            assertEquals(9, roles.getInt(1));
            history.next();
            assertTrue("V1 and V2", history.getInt(1) >= 2);
        }
    }

    @Test
    public void refusesSchemaNamesThatAreNotPlainIdentifiers() {
        SchemaMigrator migrator = database.migrator(FlywaySchemaMigrator.class);
        for (String bad : new String[] {"Records", "records;drop", "", "a-b", "x".repeat(40)}) {
            assertThrows(bad, IllegalArgumentException.class, () -> migrator.migrate(bad));
        }
    }
}
