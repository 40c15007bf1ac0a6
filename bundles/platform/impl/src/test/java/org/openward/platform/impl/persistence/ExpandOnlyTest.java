package org.openward.platform.impl.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class ExpandOnlyTest {

    private static List<String> check(String sql) {
        return ExpandOnly.violations("V9__change.sql", sql);
    }

    @Test
    public void addingAndWideningIsAllowed() {
        assertEquals(List.of(), check("""
                -- a DROP TABLE in a comment does not count
                CREATE TABLE x (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(10) NOT NULL);
                ALTER TABLE x ADD COLUMN note VARCHAR(100);
                ALTER TABLE x ADD COLUMN tries INTEGER DEFAULT 0 NOT NULL;
                ALTER TABLE x ALTER COLUMN name SET DATA TYPE VARCHAR(200);
                CREATE INDEX x_name ON x (name);
                INSERT INTO x (id, name) VALUES (1, 'one');
                """));
    }

    @Test
    public void whatThePreviousBuildWouldNotSurviveIsNamed() {
        assertTrue(check("DROP TABLE x;").get(0).contains("drops a table"));
        assertTrue(check("ALTER TABLE x DROP COLUMN note;").get(0).contains("drops a column"));
        assertTrue(check("ALTER TABLE x RENAME COLUMN a TO b;").get(0).contains("renames"));
        assertTrue(check("RENAME TABLE x TO y;").get(0).contains("renames"));
        assertTrue(check("ALTER TABLE x ALTER COLUMN note SET NOT NULL;").get(0).contains("required"));
        assertTrue(check("ALTER TABLE x ADD COLUMN ward VARCHAR(20) NOT NULL;").get(0).contains("without a default"));
        assertTrue(check("TRUNCATE TABLE x;").get(0).contains("empties"));
    }

    @Test
    public void aContractStepMayDoItOnceThePreviousBuildIsGone() {
        assertEquals(List.of(), ExpandOnly.violations("V12__contract_drop_note.sql", "ALTER TABLE x DROP COLUMN note;"));
    }
}
