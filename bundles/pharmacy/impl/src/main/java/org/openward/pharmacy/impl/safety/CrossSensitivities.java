package org.openward.pharmacy.impl.safety;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openward.pharmacy.spi.Severity;

/**
 * Which drug classes cross-react: an allergy to a drug of the first class makes a drug of the
 * second class a risk, with a severity. Parsed from configuration text (the
 * {@code crossSensitivities} property of {@code etc/org.openward.pharmacy.cfg}) of the form
 * {@code penicillins>cephalosporins:moderate, penicillins>carbapenems:low}: entries separated by
 * commas, each {@code <allergen class>><drug class>:<high|moderate|low>}. A relation holds in the
 * direction written only.
 */
public final class CrossSensitivities {

    /** The default configuration. */
    public static final String DEFAULT = "penicillins>cephalosporins:moderate, penicillins>carbapenems:low, "
            + "cephalosporins>penicillins:moderate, sulfonamide-antibiotics>sulfonylureas:low";

    private static final Pattern ENTRY = Pattern
            .compile("([a-z0-9]+(?:-[a-z0-9]+)*)\\s*>\\s*([a-z0-9]+(?:-[a-z0-9]+)*)\\s*:\\s*([A-Za-z]+)");

    private final Map<String, Severity> relations;
    private final String text;

    private CrossSensitivities(Map<String, Severity> relations, String text) {
        this.relations = Collections.unmodifiableMap(relations);
        this.text = text;
    }

    /**
     * Parses the configuration text; blank text means no cross-sensitivities.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static CrossSensitivities parse(String text) {
        Map<String, Severity> relations = new LinkedHashMap<>();
        StringBuilder canonical = new StringBuilder();
        if (text != null) {
            for (String raw : text.split(",")) {
                String entry = raw.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                Matcher m = ENTRY.matcher(entry);
                if (!m.matches()) {
                    throw new IllegalArgumentException("crossSensitivities: bad entry \"" + entry
                            + "\": expected <allergen class>><drug class>:<high|moderate|low>, for example "
                            + "penicillins>cephalosporins:moderate");
                }
                Severity severity;
                try {
                    severity = Severity.valueOf(m.group(3).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("crossSensitivities: bad entry \"" + entry + "\": severity \""
                            + m.group(3) + "\" is not high, moderate or low", e);
                }
                if (m.group(1).equals(m.group(2))) {
                    throw new IllegalArgumentException("crossSensitivities: bad entry \"" + entry
                            + "\": a class against itself is a same-class allergy, checked anyway");
                }
                String key = key(m.group(1), m.group(2));
                if (relations.containsKey(key)) {
                    throw new IllegalArgumentException("crossSensitivities: bad entry \"" + entry + "\": "
                            + m.group(1) + ">" + m.group(2) + " is given twice");
                }
                relations.put(key, severity);
                if (canonical.length() > 0) {
                    canonical.append(", ");
                }
                canonical.append(m.group(1)).append('>').append(m.group(2)).append(':').append(severity.code());
            }
        }
        return new CrossSensitivities(relations, canonical.toString());
    }

    /** The severity with which an allergy to {@code allergenClass} makes a drug of {@code drugClass} a risk. */
    public Optional<Severity> between(String allergenClass, String drugClass) {
        if (allergenClass == null || drugClass == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(relations.get(key(allergenClass, drugClass)));
    }

    private static String key(String allergenClass, String drugClass) {
        return allergenClass + '>' + drugClass;
    }

    /** The configuration in canonical form. */
    @Override
    public String toString() {
        return text;
    }
}
