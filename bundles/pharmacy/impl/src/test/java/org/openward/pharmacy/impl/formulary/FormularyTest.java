package org.openward.pharmacy.impl.formulary;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.openward.pharmacy.spi.DrugConcept;

public class FormularyTest {

    private static final Formulary SHIPPED = Formulary.shipped();

    /** The drugs the formulary must hold (RxNorm ingredient codes). */
    private static final Map<String, String> REQUIRED = Map.ofEntries(Map.entry("723", "amoxicillin"),
            Map.entry("2231", "cephalexin"), Map.entry("2180", "cefazolin"), Map.entry("2193", "ceftriaxone"),
            Map.entry("11124", "vancomycin"), Map.entry("1596450", "gentamicin"),
            Map.entry("21212", "clarithromycin"), Map.entry("161", "acetaminophen"), Map.entry("5640", "ibuprofen"),
            Map.entry("35827", "ketorolac"), Map.entry("1191", "aspirin"), Map.entry("7052", "morphine"),
            Map.entry("3423", "hydromorphone"), Map.entry("7804", "oxycodone"), Map.entry("2670", "codeine"),
            Map.entry("10689", "tramadol"), Map.entry("5224", "heparin"), Map.entry("67108", "enoxaparin"),
            Map.entry("11289", "warfarin"), Map.entry("253182", "insulin regular"),
            Map.entry("8591", "potassium chloride"), Map.entry("6809", "metformin"), Map.entry("29046", "lisinopril"),
            Map.entry("83367", "atorvastatin"), Map.entry("36567", "simvastatin"), Map.entry("36437", "sertraline"),
            Map.entry("4493", "fluoxetine"), Map.entry("190376", "linezolid"), Map.entry("26225", "ondansetron"),
            Map.entry("7646", "omeprazole"), Map.entry("32968", "clopidogrel"), Map.entry("703", "amiodarone"),
            Map.entry("3407", "digoxin"), Map.entry("4603", "furosemide"), Map.entry("9997", "spironolactone"),
            Map.entry("6918", "metoprolol"), Map.entry("435", "albuterol"));

    @Test
    public void shippedFormularyHoldsTheRequiredDrugs() {
        assertEquals(REQUIRED.size(), SHIPPED.drugs().size());
        REQUIRED.forEach((rxnorm, name) -> {
            FormularyDrug drug = SHIPPED.drug(rxnorm).orElseThrow(() -> new AssertionError("missing " + rxnorm));
            assertEquals(name, drug.name());
            assertEquals(Set.of(rxnorm), drug.ingredients());
            assertFalse(name + " has no classes", drug.classes().isEmpty());
            assertFalse(name + " has no products", SHIPPED.products(rxnorm).isEmpty());
            assertTrue(name, Formulary.DOSE_UNITS.contains(drug.doseUnit()));
            assertTrue(name, drug.maxDosesPerDayAsNeeded() >= 1);
        });
    }

    @Test
    public void highAlertDrugsAreMarked() {
        for (String rxnorm : List.of("7052", "3423", "5224", "67108", "11289", "253182", "8591")) {
            assertTrue(rxnorm, SHIPPED.drug(rxnorm).orElseThrow().highAlert());
        }
        assertFalse(SHIPPED.drug("723").orElseThrow().highAlert());
        assertEquals("[iU]", SHIPPED.drug("5224").orElseThrow().doseUnit());
        assertEquals("[iU]", SHIPPED.drug("253182").orElseThrow().doseUnit());
        assertEquals("mmol", SHIPPED.drug("8591").orElseThrow().doseUnit());
    }

    @Test
    public void acetaminophenLimitsAreWeightBased() {
        DoseLimits limits = SHIPPED.drug("161").orElseThrow().limits();
        assertEquals(new DoseLimits(1000.0, 4000.0, 15.0, 75.0, true), limits);
        assertTrue(SHIPPED.drug("5640").orElseThrow().limits().weightBased());
        assertEquals(10.0, SHIPPED.drug("5640").orElseThrow().limits().maxSinglePerKg(), 0);
        assertTrue(SHIPPED.drug("1596450").orElseThrow().limits().weightBased());
    }

    @Test
    public void everyProductIsValid() {
        Set<String> gtins = new HashSet<>();
        int count = 0;
        for (FormularyDrug drug : SHIPPED.drugs()) {
            for (Product product : SHIPPED.products(drug.rxnorm())) {
                count++;
                String gtin = product.gtin();
                assertTrue(gtin, gtin.matches("\\d{14}"));
                assertEquals(gtin + " check digit", checkDigit(gtin.substring(0, 13)), gtin.charAt(13) - '0');
                assertTrue(gtins.add(gtin));
                assertEquals(drug.rxnorm(), product.rxnorm());
                assertTrue(product.name(), SHIPPED.drug(product.rxnorm()).isPresent());
                assertTrue(product.name() + " route", drug.routes().contains(product.route()));
                assertTrue(product.name(), product.strength() > 0);
                // fictitious: NDC-based GTIN-14 with a labeler code 99990-99999
                assertTrue(gtin, gtin.startsWith("0039999"));
                assertEquals(gtin.substring(3, 13), product.ndc10());
                int labeler = Integer.parseInt(product.ndc10().substring(0, 5));
                assertTrue(gtin, labeler >= 99990 && labeler <= 99999);
                assertEquals(product, SHIPPED.productByGtin(gtin).orElseThrow());
                assertEquals(product, SHIPPED.productByNdc10(product.ndc10()).orElseThrow());
            }
        }
        assertTrue(count >= SHIPPED.drugs().size());
    }

    @Test
    public void productLookups() {
        Product capsule = SHIPPED.products("723").get(0);
        assertEquals("amoxicillin 500 mg capsule", capsule.name());
        assertEquals(500, capsule.strength(), 0);
        assertEquals("capsule", capsule.unit());
        assertEquals("26643006", capsule.route());
        assertTrue(SHIPPED.productByGtin("00000000000000").isEmpty());
        assertTrue(SHIPPED.productByGtin(null).isEmpty());
        assertTrue(SHIPPED.productByNdc10("0000000000").isEmpty());
        assertTrue(SHIPPED.products("7980").isEmpty());
        assertTrue(SHIPPED.drug("7980").isEmpty());
        assertTrue(Product.isValidGtin14(capsule.gtin()));
        int wrongDigit = (capsule.gtin().charAt(13) - '0' + 1) % 10;
        assertFalse(Product.isValidGtin14(capsule.gtin().substring(0, 13) + wrongDigit));
    }

    @Test
    public void gs1CheckDigitMatchesKnownExamples() {
        // GS1's worked example: GTIN-13 body 629104150021 -> check digit 3
        assertEquals(3, Product.gs1CheckDigit("629104150021"));
        assertEquals(checkDigit("0039999000101"), Product.gs1CheckDigit("0039999000101"));
    }

    @Test
    public void conceptForAnAllergenOutsideTheFormulary() {
        DrugConcept penicillinG = SHIPPED.concept("7980", "Penicillin G");
        assertEquals("7980", penicillinG.rxnorm());
        assertEquals("Penicillin G", penicillinG.name());
        assertEquals(Set.of("7980"), penicillinG.ingredients());
        assertEquals(Set.of("penicillins"), penicillinG.classes());

        assertEquals("penicillin", SHIPPED.concept("70618", null).name());
        assertEquals(Set.of("penicillins"), SHIPPED.concept("70618", null).classes());
        assertEquals(Set.of("sulfonamide-antibiotics"), SHIPPED.concept("10180", null).classes());

        DrugConcept unknown = SHIPPED.concept("999999", null);
        assertEquals("RxNorm 999999", unknown.name());
        assertTrue(unknown.classes().isEmpty());
        assertEquals(Set.of("999999"), unknown.ingredients());
    }

    @Test
    public void conceptForAFormularyDrugIsTheDrugsConcept() {
        DrugConcept amoxicillin = SHIPPED.concept("723", "Amoxil 500");
        assertEquals(SHIPPED.drug("723").orElseThrow().concept(), amoxicillin);
        assertEquals("amoxicillin", amoxicillin.name());
        assertTrue(SHIPPED.concept("1191", null).classes().containsAll(Set.of("salicylates", "nsaids")));
        assertTrue(SHIPPED.concept("2670", null).classes().contains("opioids"));
    }

    @Test
    public void routeNames() {
        assertEquals("oral", SHIPPED.routeName("26643006"));
        assertEquals("intravenous", SHIPPED.routeName("47625008"));
        assertEquals("subcutaneous", SHIPPED.routeName("34206005"));
        assertEquals("intramuscular", SHIPPED.routeName("78421000"));
        assertEquals("inhaled (respiratory tract)", SHIPPED.routeName("447694001"));
        assertEquals("12345", SHIPPED.routeName("12345"));
        assertNull(SHIPPED.routeName(null));
    }

    @Test
    public void smallDocumentReads() {
        Formulary f = read(doc(drug("723", "amoxicillin", product("00399990001013", "9999000101"))));
        assertEquals(1, f.drugs().size());
        assertEquals("9999000101", f.productByGtin("00399990001013").orElseThrow().ndc10());
        assertEquals(Set.of("cephalosporins"), f.concept("2194", null).classes());
    }

    @Test
    public void malformedJsonSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("{\n  \"routes\": {\"26643006\": \"oral\"},\n  \"drugs\": [ { \"rxnorm\": \"723\", }\n]}"));
        assertTrue(e.getMessage(), e.getMessage().contains("not valid JSON at line 3"));
    }

    @Test
    public void wrongCheckDigitNamesTheEntry() {
        String json = doc(drug("723", "amoxicillin", product("00399990001013", "9999000101")) + ",\n"
                + drug("2231", "cephalexin", product("00399990002014", "9999000201")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
        assertTrue(e.getMessage(), e.getMessage().contains("drugs[1] (2231 cephalexin) products[0] gtin"));
        assertTrue(e.getMessage(), e.getMessage().contains("check digit"));
    }

    @Test
    public void otherErrorsNameTheEntry() {
        assertError(doc(drug("723", "amoxicillin", product("00399990001013", "9999000101")).replace("\"maxSingle\"",
                "\"maxSignle\"")), "drugs[0] (723 amoxicillin) limits: unknown field \"maxSignle\"");
        assertError(doc(drug("723", "amoxicillin", product("00399990001013", "9999000101")).replace("\"mg\"",
                "\"milligram\"")), "drugs[0] (723 amoxicillin) doseUnit");
        assertError(doc(drug("723", "amoxicillin", product("00399990001013", "9999000101"))
                .replace("\"weightBased\": false", "\"weightBased\": true")), "drugs[0] (723 amoxicillin)");
        assertError(doc(drug("723", "amoxicillin", product("00399990001013", "9999000101"))
                .replace("\"route\": \"26643006\"", "\"route\": \"47625008\"")),
                "drugs[0] (723 amoxicillin) products[0] route");
        assertError(doc(drug("723", "amoxicillin", product("00399990001013", "9999000102"))),
                "drugs[0] (723 amoxicillin) products[0] ndc10");
        assertError(doc(drug("723", "amoxicillin", product("00399990001013", "9999000101")) + ",\n"
                + drug("723", "amoxicillin again", product("00399990002010", "9999000201"))),
                "drugs[1] (723 amoxicillin again)");
        assertError(doc(drug("723", "amoxicillin", product("00399990001013", "9999000101"))).replace(
                "\"2194\": [\"cephalosporins\"]", "\"723\": [\"cephalosporins\"]"), "classes.723");
        assertError(doc(drug("723", "Amoxicillin", product("00399990001013", "9999000101")))
                .replace("[\"penicillins\"]", "[\"Penicillins\"]"), "drugs[0] (723 Amoxicillin) classes");
    }

    private static void assertError(String json, String expected) {
        try {
            read(json);
            fail("no error for " + expected);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("formulary: "));
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    private static Formulary read(String json) {
        return Formulary.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String doc(String drugs) {
        return "{\n \"routes\": {\"26643006\": \"oral\", \"47625008\": \"intravenous\"},\n"
                + " \"classes\": {\"2194\": [\"cephalosporins\"]},\n \"drugs\": [\n" + drugs + "\n]}";
    }

    private static String drug(String rxnorm, String name, String products) {
        return "{\"rxnorm\": \"" + rxnorm + "\", \"name\": \"" + name + "\", \"classes\": [\"penicillins\"],"
                + " \"doseUnit\": \"mg\", \"routes\": [\"26643006\"],"
                + " \"limits\": {\"maxSingle\": 1000, \"maxDaily\": 3000, \"weightBased\": false},"
                + " \"highAlert\": false, \"maxDosesPerDayAsNeeded\": 3, \"products\": [" + products + "]}";
    }

    private static String product(String gtin, String ndc10) {
        return "{\"gtin\": \"" + gtin + "\", \"ndc10\": \"" + ndc10 + "\", \"name\": \"x 500 mg capsule\","
                + " \"strength\": 500, \"unit\": \"capsule\", \"route\": \"26643006\"}";
    }

    /** GS1 check digit, computed independently of the code under test. */
    private static int checkDigit(String body13) {
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            int digit = body13.charAt(i) - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1); // in a GTIN-14, positions 1, 3, 5… weigh 3 and 2, 4, 6… weigh 1
        }
        return (10 - sum % 10) % 10;
    }
}
