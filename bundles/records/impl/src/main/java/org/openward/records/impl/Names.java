package org.openward.records.impl;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.openward.records.api.PersonName;

/** Name handling shared by storage and search: FHIR string matching ignores case and accents. */
final class Names {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Names() {
    }

    /** Lower case, accents removed, inner white space folded: "Ève  Müller" becomes "eve muller". */
    static String normalize(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        return SPACES.matcher(plain.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** How a list of patients is sorted: family name, then given names, of the first name. */
    static String sortKey(List<PersonName> names) {
        if (names.isEmpty()) {
            return "";
        }
        PersonName first = names.get(0);
        String family = first.family() == null ? "" : first.family();
        String text = (family + " " + String.join(" ", first.given())).strip();
        if (text.isEmpty() && first.text() != null) {
            text = first.text();
        }
        String key = normalize(text);
        return key.length() > 250 ? key.substring(0, 250) : key;
    }

    /** A list kept in one column, one element per line. */
    static String joinLines(List<String> values) {
        return values.isEmpty() ? null : String.join("\n", values);
    }

    static List<String> splitLines(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
    }
}
