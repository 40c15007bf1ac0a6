package org.openward.pharmacy.impl.safety;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.openward.pharmacy.spi.DrugConcept;
import org.openward.pharmacy.spi.Interaction;
import org.openward.pharmacy.spi.InteractionKnowledgeBase;
import org.openward.pharmacy.spi.Severity;

/**
 * The drug–drug interaction table shipped with OpenWard ({@code interactions.csv} beside this
 * class): the ONC high-priority list (Phansalkar et al., J Am Med Inform Assoc 2012) where its
 * drugs can meet the formulary, plus well-established pairs; compiled by the OpenWard project and
 * released under CC0 1.0.
 *
 * <p>The table has the columns {@code a,b,severity,summary,evidence}. {@code a} and {@code b} are
 * each an RxNorm ingredient code (matching a concept that contains the ingredient) or
 * {@code class:<name>} (matching a concept of that class, {@link DrugConcept#classes()}); a pair
 * holds in both directions. {@code severity} is {@code high}, {@code moderate} or {@code low}.
 * Fields may be quoted with double quotes (a quote inside written twice); a row is one line. Lines
 * starting with {@code #} and blank lines are skipped; the comment {@code # version: <version>}
 * gives the version in {@link #name()}. The first other line is the header.
 *
 * <p>A drug already taken that shares an ingredient with the proposed one is not an interaction
 * (the duplicate-therapy check reports it). When several rows match the same pair, the finding has
 * the highest severity among them, and their summaries and evidence joined.
 */
public final class ShippedInteractionKnowledgeBase implements InteractionKnowledgeBase {

    /** The classpath resource of the shipped table, beside this class. */
    static final String SHIPPED_RESOURCE = "interactions.csv";

    static final String HEADER = "a,b,severity,summary,evidence";

    private static final Pattern VERSION = Pattern.compile("#\\s*version\\s*:\\s*(\\S.*?)\\s*");
    private static final Pattern CODE = Pattern.compile("\\d{1,12}");
    private static final Pattern CLASS = Pattern.compile("class:([a-z0-9]+(?:-[a-z0-9]+)*)");

    private final String name;
    private final List<Row> rows;

    /** One line of the table. */
    private record Row(int line, Term a, Term b, Severity severity, String summary, String evidence) {
    }

    /** One side of a pair: an ingredient code or a class. */
    private record Term(String code, String className) {

        boolean matches(DrugConcept concept) {
            return code != null ? concept.ingredients().contains(code) || concept.rxnorm().equals(code)
                    : concept.classes().contains(className);
        }

        @Override
        public String toString() {
            return code != null ? code : "class:" + className;
        }
    }

    /** The shipped table. */
    public ShippedInteractionKnowledgeBase() {
        this(loadShipped());
    }

    private ShippedInteractionKnowledgeBase(ShippedInteractionKnowledgeBase parsed) {
        this.name = parsed.name;
        this.rows = parsed.rows;
    }

    private ShippedInteractionKnowledgeBase(String version, List<Row> rows) {
        this.name = "OpenWard high-priority DDI " + (version == null ? "(unversioned)" : version);
        this.rows = List.copyOf(rows);
    }

    /**
     * Reads a table in this format (the shipped one, or a site's own).
     *
     * @throws IllegalArgumentException naming the line of a malformed row
     * @throws UncheckedIOException     when the stream cannot be read
     */
    public static ShippedInteractionKnowledgeBase read(InputStream csv) {
        Objects.requireNonNull(csv, "csv");
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String version = null;
        boolean header = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.startsWith("#")) {
                    Matcher v = VERSION.matcher(trimmed);
                    if (v.matches()) {
                        version = v.group(1);
                    }
                    continue;
                }
                if (!header) {
                    if (!trimmed.replace(" ", "").equalsIgnoreCase(HEADER)) {
                        throw lineError(number, "expected the header \"" + HEADER + "\", found \"" + trimmed + "\"");
                    }
                    header = true;
                    continue;
                }
                Row row = row(number, fields(number, line));
                String pair = pairKey(row.a(), row.b());
                Integer earlier = seen.putIfAbsent(pair, number);
                if (earlier != null) {
                    throw lineError(number, "the pair " + row.a() + " / " + row.b() + " is already on line " + earlier);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the interaction table", e);
        }
        if (!header) {
            throw new IllegalArgumentException("interaction table: no header \"" + HEADER + "\" and no rows");
        }
        return new ShippedInteractionKnowledgeBase(version, rows);
    }

    /** {@code OpenWard high-priority DDI <version>}. */
    @Override
    public String name() {
        return name;
    }

    /** How many pairs the table holds. */
    public int size() {
        return rows.size();
    }

    @Override
    public List<Interaction> interactions(DrugConcept proposed, Collection<DrugConcept> current) {
        Objects.requireNonNull(proposed, "proposed");
        List<Interaction> found = new ArrayList<>();
        if (current == null) {
            return found;
        }
        Set<String> done = new LinkedHashSet<>();
        for (DrugConcept other : current) {
            if (other == null || other.sharesIngredientWith(proposed) || other.rxnorm().equals(proposed.rxnorm())
                    || !done.add(other.rxnorm())) {
                continue;
            }
            List<Row> matching = rows.stream()
                    .filter(r -> r.a().matches(proposed) && r.b().matches(other)
                            || r.b().matches(proposed) && r.a().matches(other))
                    .sorted(Comparator.comparing(Row::severity).thenComparingInt(Row::line))
                    .toList();
            if (matching.isEmpty()) {
                continue;
            }
            String summary = matching.stream().map(Row::summary).distinct().collect(Collectors.joining(" "));
            String evidence = matching.stream().map(Row::evidence).distinct().collect(Collectors.joining("; "));
            found.add(new Interaction(other, matching.get(0).severity(), summary, evidence));
        }
        return found;
    }

    private static ShippedInteractionKnowledgeBase loadShipped() {
        try (InputStream in = ShippedInteractionKnowledgeBase.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped interaction table " + SHIPPED_RESOURCE + " is missing");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped interaction table", e);
        }
    }

    private static Row row(int number, List<String> fields) {
        if (fields.size() != 5) {
            throw lineError(number, "expected 5 fields (" + HEADER + "), found " + fields.size());
        }
        Term a = term(number, "a", fields.get(0));
        Term b = term(number, "b", fields.get(1));
        if (a.equals(b) && a.code() != null) {
            throw lineError(number, "a drug cannot interact with itself (" + a + ")");
        }
        Severity severity;
        try {
            severity = Severity.valueOf(fields.get(2).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw lineError(number, "severity \"" + fields.get(2).strip() + "\" is not high, moderate or low");
        }
        String summary = fields.get(3).strip();
        String evidence = fields.get(4).strip();
        if (summary.isEmpty()) {
            throw lineError(number, "the summary is empty");
        }
        if (evidence.isEmpty()) {
            throw lineError(number, "the evidence is empty");
        }
        return new Row(number, a, b, severity, summary, evidence);
    }

    private static Term term(int number, String column, String text) {
        String value = text.strip();
        if (CODE.matcher(value).matches()) {
            return new Term(value, null);
        }
        Matcher m = CLASS.matcher(value);
        if (m.matches()) {
            return new Term(null, m.group(1));
        }
        throw lineError(number, "column " + column + ": \"" + value
                + "\" is neither an RxNorm code nor class:<name> (lower case, words joined by hyphens)");
    }

    private static String pairKey(Term a, Term b) {
        String x = a.toString();
        String y = b.toString();
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    /** Splits one line into fields: commas separate, double quotes enclose, a doubled quote is a quote. */
    private static List<String> fields(int number, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"') {
                if (field.toString().isBlank() && !wasQuoted) {
                    field.setLength(0);
                    quoted = true;
                    wasQuoted = true;
                } else {
                    throw lineError(number, "a quote inside an unquoted field (column " + (fields.size() + 1) + ")");
                }
            } else {
                if (wasQuoted && !Character.isWhitespace(c)) {
                    throw lineError(number, "text after a closing quote (column " + (fields.size() + 1) + ")");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw lineError(number, "a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }

    private static IllegalArgumentException lineError(int number, String what) {
        return new IllegalArgumentException("interaction table line " + number + ": " + what);
    }
}
