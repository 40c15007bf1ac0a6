package org.openward.pharmacy.impl.formulary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.openward.pharmacy.spi.DrugConcept;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The drugs that may be ordered, their products, and the class index the safety checks use.
 * Immutable once read.
 *
 * <p>The JSON document (the shipped one is {@code formulary.json} beside this class) holds:
 * <ul>
 * <li>{@code routes}: SNOMED CT route code → display name;</li>
 * <li>{@code classes}: RxNorm ingredient code → class names, for codes that are not formulary
 * drugs (allergens such as 7980 penicillin G, home medications). An entry for a formulary drug
 * is allowed but must name only classes the drug itself has;</li>
 * <li>{@code names} (optional): RxNorm code → name, used when a concept outside the formulary is
 * asked for without a display;</li>
 * <li>{@code drugs}: each with {@code rxnorm}, {@code name}, optional {@code ingredients}
 * (default: its own code), {@code classes}, {@code doseUnit}, {@code routes}, {@code limits}
 * ({@code maxSingle}, {@code maxDaily}, {@code maxSinglePerKg}, {@code maxDailyPerKg}, each
 * optional, and {@code weightBased}), {@code highAlert}, {@code maxDosesPerDayAsNeeded}, an
 * optional {@code note} (free text for the reviewers, not used) and {@code products} (each with
 * {@code gtin}, optional {@code ndc10}, {@code name}, {@code strength}, {@code unit} and
 * {@code route});</li>
 * <li>{@code about} and {@code version}: free text, not used.</li>
 * </ul>
 * Unknown fields are errors, so that a misspelt limit is not silently ignored.
 */
public final class Formulary {

    /** The classpath resource of the shipped formulary, beside this class. */
    static final String SHIPPED_RESOURCE = "formulary.json";

    /** The UCUM dose units a drug may use. */
    static final Set<String> DOSE_UNITS = Set.of("mg", "ug", "[iU]", "mmol", "mL", "{puff}");

    private static final Pattern CODE = Pattern.compile("\\d{1,12}");
    private static final Pattern CLASS_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> TOP_FIELDS = Set.of("about", "version", "routes", "classes", "names", "drugs");
    private static final Set<String> DRUG_FIELDS = Set.of("rxnorm", "name", "ingredients", "classes", "doseUnit",
            "routes", "limits", "highAlert", "maxDosesPerDayAsNeeded", "note", "products");
    private static final Set<String> LIMIT_FIELDS = Set.of("maxSingle", "maxDaily", "maxSinglePerKg", "maxDailyPerKg",
            "weightBased");
    private static final Set<String> PRODUCT_FIELDS = Set.of("gtin", "ndc10", "name", "strength", "unit", "route");

    private static volatile Formulary shipped;

    private final Map<String, FormularyDrug> drugs;
    private final Map<String, List<Product>> productsByDrug;
    private final Map<String, Product> byGtin;
    private final Map<String, Product> byNdc10;
    private final Map<String, Set<String>> classIndex;
    private final Map<String, String> names;
    private final Map<String, String> routeNames;

    private Formulary(Map<String, FormularyDrug> drugs, Map<String, List<Product>> productsByDrug,
            Map<String, Product> byGtin, Map<String, Product> byNdc10, Map<String, Set<String>> classIndex,
            Map<String, String> names, Map<String, String> routeNames) {
        this.drugs = Collections.unmodifiableMap(drugs);
        this.productsByDrug = Collections.unmodifiableMap(productsByDrug);
        this.byGtin = Collections.unmodifiableMap(byGtin);
        this.byNdc10 = Collections.unmodifiableMap(byNdc10);
        this.classIndex = Collections.unmodifiableMap(classIndex);
        this.names = Collections.unmodifiableMap(names);
        this.routeNames = Collections.unmodifiableMap(routeNames);
    }

    /** The formulary shipped with OpenWard (read once from the classpath). */
    public static Formulary shipped() {
        Formulary result = shipped;
        if (result == null) {
            synchronized (Formulary.class) {
                result = shipped;
                if (result == null) {
                    try (InputStream in = Formulary.class.getResourceAsStream(SHIPPED_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(
                                    "the shipped formulary " + SHIPPED_RESOURCE + " is missing");
                        }
                        result = read(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the shipped formulary", e);
                    }
                    shipped = result;
                }
            }
        }
        return result;
    }

    /**
     * Reads a formulary document.
     *
     * @throws IllegalArgumentException naming the entry (for example
     *         {@code drugs[3] (2231 cephalexin) products[1]}) and what is wrong with it
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static Formulary read(InputStream json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("formulary: not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the formulary", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("formulary: the document must be a JSON object");
        }
        return new Reader().read(root);
    }

    /** The formulary drug with this RxNorm code. */
    public Optional<FormularyDrug> drug(String rxnorm) {
        return Optional.ofNullable(rxnorm == null ? null : drugs.get(rxnorm));
    }

    /** The product with this GTIN-14. */
    public Optional<Product> productByGtin(String gtin) {
        return Optional.ofNullable(gtin == null ? null : byGtin.get(gtin));
    }

    /** The product with this 10-digit NDC (digits only, no hyphens). */
    public Optional<Product> productByNdc10(String ndc10) {
        return Optional.ofNullable(ndc10 == null ? null : byNdc10.get(ndc10));
    }

    /** The product a scanned barcode names: by its GTIN, else by the NDC it carries (either may be null). */
    public Optional<Product> product(String gtin, String ndc10) {
        return productByGtin(gtin).or(() -> productByNdc10(ndc10));
    }

    /** Every formulary drug, in the document's order. */
    public List<FormularyDrug> drugs() {
        return List.copyOf(drugs.values());
    }

    /** The products of one drug, in the document's order; empty for a code outside the formulary. */
    public List<Product> products(String rxnorm) {
        return rxnorm == null ? List.of() : productsByDrug.getOrDefault(rxnorm, List.of());
    }

    /**
     * Any RxNorm ingredient code as a concept: the formulary drug's concept, or for a code outside
     * the formulary (a recorded home medication, an allergen such as 7980 penicillin G) a concept
     * with that single ingredient and the classes the class index gives it (none when it has no
     * entry). Its name is {@code display} when given, else the name the document gives the code,
     * else {@code RxNorm <code>}.
     */
    public DrugConcept concept(String rxnorm, String display) {
        Objects.requireNonNull(rxnorm, "rxnorm");
        FormularyDrug drug = drugs.get(rxnorm);
        if (drug != null) {
            return drug.concept();
        }
        String name = display != null && !display.isBlank() ? display
                : names.getOrDefault(rxnorm, "RxNorm " + rxnorm);
        return new DrugConcept(rxnorm, name, Set.of(rxnorm), classIndex.getOrDefault(rxnorm, Set.of()));
    }

    /** The display name of a SNOMED CT route code; an unknown code is returned as it is. */
    public String routeName(String snomed) {
        return snomed == null ? null : routeNames.getOrDefault(snomed, snomed);
    }

    /** Builds a formulary from a parsed document, naming the entry of every error. */
    private static final class Reader {

        private final Map<String, FormularyDrug> drugs = new LinkedHashMap<>();
        private final Map<String, List<Product>> productsByDrug = new LinkedHashMap<>();
        private final Map<String, Product> byGtin = new LinkedHashMap<>();
        private final Map<String, Product> byNdc10 = new LinkedHashMap<>();
        private final Map<String, Set<String>> classIndex = new LinkedHashMap<>();
        private final Map<String, String> names = new LinkedHashMap<>();
        private final Map<String, String> routeNames = new LinkedHashMap<>();

        Formulary read(JsonNode root) {
            onlyFields(root, TOP_FIELDS, "formulary");
            JsonNode routes = root.get("routes");
            if (routes == null || !routes.isObject() || routes.isEmpty()) {
                throw error("routes", "must be an object of SNOMED CT route code -> name");
            }
            routes.properties().forEach(e -> {
                requireCode(e.getKey(), "routes", "route code");
                routeNames.put(e.getKey(), text(e.getValue(), "routes." + e.getKey()));
            });
            JsonNode names = root.get("names");
            if (names != null) {
                if (!names.isObject()) {
                    throw error("names", "must be an object of RxNorm code -> name");
                }
                names.properties().forEach(e -> {
                    requireCode(e.getKey(), "names", "RxNorm code");
                    this.names.put(e.getKey(), text(e.getValue(), "names." + e.getKey()));
                });
            }
            JsonNode drugList = root.get("drugs");
            if (drugList == null || !drugList.isArray() || drugList.isEmpty()) {
                throw error("drugs", "must be a non-empty array");
            }
            for (int i = 0; i < drugList.size(); i++) {
                readDrug(drugList.get(i), i);
            }
            JsonNode classes = root.get("classes");
            if (classes != null) {
                if (!classes.isObject()) {
                    throw error("classes", "must be an object of RxNorm ingredient code -> class names");
                }
                for (Map.Entry<String, JsonNode> e : classes.properties()) {
                    String where = "classes." + e.getKey();
                    requireCode(e.getKey(), where, "RxNorm code");
                    Set<String> names1 = classNames(e.getValue(), where);
                    FormularyDrug drug = drugs.get(e.getKey());
                    if (drug != null && !drug.classes().containsAll(names1)) {
                        throw error(where, "names classes " + names1 + " but the formulary drug " + drug.name()
                                + " has " + new TreeSet<>(drug.classes()));
                    }
                    classIndex.put(e.getKey(), Set.copyOf(names1));
                }
            }
            return new Formulary(drugs, productsByDrug, byGtin, byNdc10, classIndex, this.names, routeNames);
        }

        private void readDrug(JsonNode node, int index) {
            String where = "drugs[" + index + "]";
            if (!node.isObject()) {
                throw error(where, "must be an object");
            }
            JsonNode rx = node.get("rxnorm");
            JsonNode nm = node.get("name");
            if (rx != null && rx.isTextual() && nm != null && nm.isTextual()) {
                where += " (" + rx.asText() + " " + nm.asText() + ")";
            } else if (rx != null && rx.isTextual()) {
                where += " (" + rx.asText() + ")";
            }
            onlyFields(node, DRUG_FIELDS, where);
            String rxnorm = text(rx, where + " rxnorm");
            requireCode(rxnorm, where + " rxnorm", "RxNorm code");
            if (drugs.containsKey(rxnorm)) {
                throw error(where, "RxNorm code " + rxnorm + " is already a formulary drug");
            }
            String name = text(nm, where + " name");
            Set<String> ingredients;
            if (node.hasNonNull("ingredients")) {
                ingredients = codes(node.get("ingredients"), where + " ingredients");
            } else {
                ingredients = Set.of(rxnorm);
            }
            Set<String> classes = classNames(node.get("classes"), where + " classes");
            String doseUnit = text(node.get("doseUnit"), where + " doseUnit");
            if (!DOSE_UNITS.contains(doseUnit)) {
                throw error(where + " doseUnit", "\"" + doseUnit + "\" is not one of " + DOSE_UNITS);
            }
            Set<String> routes = codes(node.get("routes"), where + " routes");
            for (String route : routes) {
                if (!routeNames.containsKey(route)) {
                    throw error(where + " routes", "route " + route + " is not in the routes table");
                }
            }
            DoseLimits limits = limits(node.get("limits"), where + " limits");
            boolean highAlert = bool(node.get("highAlert"), where + " highAlert");
            JsonNode prn = node.get("maxDosesPerDayAsNeeded");
            if (prn == null || !prn.canConvertToInt() || !prn.isIntegralNumber() || prn.asInt() < 1) {
                throw error(where + " maxDosesPerDayAsNeeded", "must be a whole number of at least 1");
            }
            if (node.has("note") && !node.get("note").isTextual()) {
                throw error(where + " note", "must be text");
            }
            FormularyDrug drug;
            try {
                drug = new FormularyDrug(rxnorm, name, ingredients, classes, doseUnit, routes, limits, highAlert,
                        prn.asInt());
            } catch (IllegalArgumentException e) {
                throw error(where, e.getMessage());
            }
            drugs.put(rxnorm, drug);
            List<Product> products = new ArrayList<>();
            JsonNode productList = node.get("products");
            if (productList == null || !productList.isArray() || productList.isEmpty()) {
                throw error(where + " products", "must be a non-empty array");
            }
            for (int i = 0; i < productList.size(); i++) {
                products.add(readProduct(productList.get(i), drug, where + " products[" + i + "]"));
            }
            productsByDrug.put(rxnorm, List.copyOf(products));
        }

        private Product readProduct(JsonNode node, FormularyDrug drug, String where) {
            if (!node.isObject()) {
                throw error(where, "must be an object");
            }
            onlyFields(node, PRODUCT_FIELDS, where);
            String gtin = text(node.get("gtin"), where + " gtin");
            if (!gtin.matches("\\d{14}")) {
                throw error(where + " gtin", "\"" + gtin + "\" is not 14 digits");
            }
            if (!Product.isValidGtin14(gtin)) {
                throw error(where + " gtin", gtin + " has a wrong check digit (expected "
                        + Product.gs1CheckDigit(gtin.substring(0, 13)) + ")");
            }
            if (byGtin.containsKey(gtin)) {
                throw error(where + " gtin", gtin + " is already the GTIN of " + byGtin.get(gtin).name());
            }
            String ndc10 = null;
            JsonNode ndc = node.get("ndc10");
            if (ndc != null && !ndc.isNull()) {
                ndc10 = text(ndc, where + " ndc10");
                if (!ndc10.matches("\\d{10}")) {
                    throw error(where + " ndc10", "\"" + ndc10 + "\" is not 10 digits (write it without hyphens)");
                }
                if (!gtin.startsWith("003") || !gtin.substring(3, 13).equals(ndc10)) {
                    throw error(where + " ndc10", ndc10 + " does not match the GTIN " + gtin
                            + " (an NDC-based GTIN-14 is 003, the NDC and the check digit)");
                }
                if (byNdc10.containsKey(ndc10)) {
                    throw error(where + " ndc10", ndc10 + " is already the NDC of " + byNdc10.get(ndc10).name());
                }
            }
            String name = text(node.get("name"), where + " name");
            JsonNode strengthNode = node.get("strength");
            if (strengthNode == null || !strengthNode.isNumber() || !(strengthNode.asDouble() > 0)) {
                throw error(where + " strength", "must be a positive number (the amount in one unit, in "
                        + drug.doseUnit() + ")");
            }
            String unit = text(node.get("unit"), where + " unit");
            String route = text(node.get("route"), where + " route");
            if (!drug.routes().contains(route)) {
                throw error(where + " route", "route " + route + " is not one of the drug's routes " + drug.routes());
            }
            Product product = new Product(gtin, ndc10, drug.rxnorm(), name, strengthNode.asDouble(), unit, route);
            byGtin.put(gtin, product);
            if (ndc10 != null) {
                byNdc10.put(ndc10, product);
            }
            return product;
        }

        private static DoseLimits limits(JsonNode node, String where) {
            if (node == null || !node.isObject()) {
                throw error(where, "must be an object");
            }
            onlyFields(node, LIMIT_FIELDS, where);
            try {
                return new DoseLimits(number(node, "maxSingle", where), number(node, "maxDaily", where),
                        number(node, "maxSinglePerKg", where), number(node, "maxDailyPerKg", where),
                        bool(node.get("weightBased"), where + " weightBased"));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("formulary:")) {
                    throw e;
                }
                throw error(where, e.getMessage());
            }
        }

        private static Double number(JsonNode parent, String field, String where) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isNumber()) {
                throw error(where + " " + field, "must be a number or null");
            }
            return node.asDouble();
        }

        private static boolean bool(JsonNode node, String where) {
            if (node == null || !node.isBoolean()) {
                throw error(where, "must be true or false");
            }
            return node.asBoolean();
        }

        private static String text(JsonNode node, String where) {
            if (node == null || !node.isTextual() || node.asText().isBlank()) {
                throw error(where, "must be non-empty text");
            }
            return node.asText().strip();
        }

        private static Set<String> codes(JsonNode node, String where) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw error(where, "must be a non-empty array of codes");
            }
            Set<String> result = new LinkedHashSet<>();
            for (JsonNode item : node) {
                String code = text(item, where);
                requireCode(code, where, "code");
                result.add(code);
            }
            return result;
        }

        private static Set<String> classNames(JsonNode node, String where) {
            if (node == null || !node.isArray()) {
                throw error(where, "must be an array of class names");
            }
            Set<String> result = new LinkedHashSet<>();
            for (JsonNode item : node) {
                String name = text(item, where);
                if (!CLASS_NAME.matcher(name).matches()) {
                    throw error(where, "\"" + name + "\" is not a class name (lower case, words joined by hyphens)");
                }
                result.add(name);
            }
            return result;
        }

        private static void requireCode(String code, String where, String what) {
            if (!CODE.matcher(code).matches()) {
                throw error(where, "\"" + code + "\" is not a " + what + " (digits only)");
            }
        }

        private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String field = it.next();
                if (!allowed.contains(field)) {
                    throw error(where, "unknown field \"" + field + "\"");
                }
            }
        }

        private static IllegalArgumentException error(String where, String what) {
            return new IllegalArgumentException("formulary: " + where + ": " + what);
        }
    }
}
