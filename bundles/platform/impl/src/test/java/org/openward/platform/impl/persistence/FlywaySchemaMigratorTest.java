package org.openward.platform.impl.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import java.util.stream.Stream;

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
        String newest = newestMigration();
        assertEquals(newest, migrator.migrate("platform"));
        assertEquals("nothing left to apply the second time", newest, migrator.migrate("platform"));
        try (Connection c = database.dataSource().getConnection();
                ResultSet roles = c.createStatement().executeQuery("SELECT COUNT(*) FROM platform_role");
                ResultSet history = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM \"platform_schema_history\" WHERE \"success\" = TRUE")) {
            roles.next();
            assertEquals("nine roles for people, one for integrations", 10, roles.getInt(1));
            history.next();
            assertTrue("one row per migration", history.getInt(1) >= Integer.parseInt(newest));
        }
    }

    @Test
    public void refusesSchemaNamesThatAreNotPlainIdentifiers() {
        SchemaMigrator migrator = database.migrator(FlywaySchemaMigrator.class);
        for (String bad : new String[] {"Records", "records;drop", "", "a-b", "x".repeat(40)}) {
            assertThrows(bad, IllegalArgumentException.class, () -> migrator.migrate(bad));
        }
    }

    /** The highest version among the platform's migration scripts, as the bundle ships them. */
    private static String newestMigration() throws Exception {
        Path folder = Path.of(FlywaySchemaMigratorTest.class.getClassLoader().getResource("db/migration").toURI());
        try (Stream<Path> scripts = Files.list(folder)) {
            return String.valueOf(scripts.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow());
        }
    }
}
