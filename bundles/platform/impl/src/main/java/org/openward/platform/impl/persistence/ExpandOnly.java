package org.openward.platform.impl.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expand half of expand/contract: while a module is updated, its previous build keeps
 * running against the schema the new build migrated, so a migration may only add (tables,
 * columns that may be null or have a default, indexes, rows) or widen. What would break the
 * previous build is refused unless the migration says it is a contract step, taken once no
 * build that needs the old shape runs any more: its name contains {@code __contract_}, for
 * example {@code V12__contract_drop_legacy_flags.sql}.
 */
final class ExpandOnly {

    /** The mark in a migration's name that allows what the previous build would not survive. */
    static final String CONTRACT = "__contract_";

    private static final List<Rule> RULES = List.of(
            new Rule("drops a table or view", "\\bDROP\\s+(TABLE|VIEW)\\b"),
            new Rule("drops a column", "\\bALTER\\s+TABLE\\s+\\S+\\s+DROP\\b(?!\\s+DEFAULT)"),
            new Rule("renames a table or column", "\\bRENAME\\b"),
            new Rule("makes an existing column required", "\\bALTER\\s+(COLUMN\\s+)?\\S+\\s+SET\\s+NOT\\s+NULL\\b"),
            new Rule("adds a required column without a default (the previous build's inserts leave it out)",
                    "\\bADD\\s+(COLUMN\\s+)?(?:(?!\\bDEFAULT\\b)[^;])*?\\bNOT\\s+NULL\\b(?:(?!\\bDEFAULT\\b)[^;])*;"),
            new Rule("empties a table", "\\bTRUNCATE\\b"));

    private record Rule(String what, Pattern pattern) {
        Rule(String what, String regex) {
            this(what, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
        }
    }

    private ExpandOnly() {
    }

    /** What in the migration would break the previous build; empty when it only expands or is a contract step. */
    static List<String> violations(String filename, String sql) {
        if (filename.contains(CONTRACT)) {
            return List.of();
        }
        String statements = withoutComments(sql).replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(statements);
            if (matcher.find()) {
                found.add(filename + " " + rule.what() + ": " + excerpt(statements, matcher.start()));
            }
        }
        return found;
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("(?m)--.*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
    }

    private static String excerpt(String statements, int at) {
        int start = statements.lastIndexOf(';', at) + 1;
        int end = statements.indexOf(';', at);
        return statements.substring(start, end < 0 ? statements.length() : end).strip();
    }
}
