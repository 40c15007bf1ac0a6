package org.openward.pharmacy.impl.safety;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.FormularyDrug;
import org.openward.pharmacy.spi.DrugConcept;
import org.openward.pharmacy.spi.Interaction;
import org.openward.pharmacy.spi.Severity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class ShippedInteractionKnowledgeBaseTest {

    private static final Formulary FORMULARY = Formulary.shipped();
    private static final ShippedInteractionKnowledgeBase KB = new ShippedInteractionKnowledgeBase();

    private static DrugConcept drug(String rxnorm) {
        return FORMULARY.concept(rxnorm, null);
    }

    @Test
    public void shippedTableLoads() {
        assertEquals("OpenWard high-priority DDI 2026.11", KB.name());
        assertTrue(KB.size() >= 40);
    }

    @Test
    public void shippedTableIsLicensedAndCitesTheOncList() throws IOException {
        String text = shippedText();
        assertTrue(text.contains("CC0 1.0"));
        assertTrue(text.contains("Phansalkar S, Desai AA, Bell D, et al. High-priority drug-drug interactions"
                + " for use in\n#         electronic health records. J Am Med Inform Assoc. 2012;19(5):735-743"));
    }

    /** Every code and class the table names is known to the shipped formulary, and each row can fire. */
    @Test
    public void everyTermOfTheShippedTableIsKnownToTheFormulary() throws IOException {
        JsonNode formulary;
        try (InputStream in = Formulary.class.getResourceAsStream("formulary.json")) {
            formulary = new ObjectMapper().readTree(in);
        }
        Set<String> orderableClasses = new HashSet<>();
        for (FormularyDrug d : FORMULARY.drugs()) {
            orderableClasses.addAll(d.classes());
        }
        Set<String> allClasses = new HashSet<>(orderableClasses);
        formulary.get("classes").forEach(list -> list.forEach(c -> allClasses.add(c.asText())));
        boolean header = false;
        int rows = 0;
        for (String line : shippedText().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                header = true;
                continue;
            }
            rows++;
            String[] fields = line.split(",", 3);
            boolean orderable = false;
            for (String term : List.of(fields[0], fields[1])) {
                if (term.startsWith("class:")) {
                    String name = term.substring("class:".length());
                    assertTrue("unknown class in: " + line, allClasses.contains(name));
                    orderable |= orderableClasses.contains(name);
                } else {
                    assertTrue("unknown code in: " + line, FORMULARY.drug(term).isPresent()
                            || formulary.get("names").has(term));
                    orderable |= FORMULARY.drug(term).isPresent();
                }
            }
            assertTrue("neither side can be ordered: " + line, orderable);
        }
        assertEquals(KB.size(), rows);
    }

    @Test
    public void classRowsMatchByClass() {
        // warfarin with ibuprofen (a formulary NSAID) and with naproxen (a home medication, NSAID by the class index)
        Interaction ibuprofen = only(KB.interactions(drug("11289"), List.of(drug("5640"))));
        assertEquals(Severity.HIGH, ibuprofen.severity());
        assertEquals("5640", ibuprofen.with().rxnorm());
        Interaction naproxen = only(KB.interactions(drug("11289"),
                List.of(FORMULARY.concept("7258", "naproxen 500 mg"))));
        assertEquals(Severity.HIGH, naproxen.severity());
        assertEquals("naproxen 500 mg", naproxen.with().name());
        // a class row on both sides: two QT-prolonging drugs
        assertEquals(Severity.HIGH, only(KB.interactions(drug("703"), List.of(drug("26225")))).severity());
        // the SSRI class against the MAO inhibitors of the class index
        Interaction maoi = only(KB.interactions(drug("36437"), List.of(FORMULARY.concept("8123", null))));
        assertEquals(Severity.HIGH, maoi.severity());
        assertTrue(maoi.evidence(), maoi.evidence().contains("ONC high-priority list"));
    }

    @Test
    public void pairsHoldInBothDirections() {
        Interaction a = only(KB.interactions(drug("10689"), List.of(drug("36437"))));
        Interaction b = only(KB.interactions(drug("36437"), List.of(drug("10689"))));
        assertEquals(Severity.MODERATE, a.severity());
        assertEquals(a.summary(), b.summary());
        assertEquals("36437", a.with().rxnorm());
        assertEquals("10689", b.with().rxnorm());
    }

    @Test
    public void severalRowsForOnePairGiveOneFinding() {
        // aspirin is an NSAID (high with warfarin) and an antiplatelet (moderate with warfarin)
        Interaction aspirin = only(KB.interactions(drug("11289"), List.of(drug("1191"))));
        assertEquals(Severity.HIGH, aspirin.severity());
        assertTrue(aspirin.summary(), aspirin.summary().startsWith("NSAIDs and aspirin"));
        assertTrue(aspirin.summary(), aspirin.summary().contains("Antiplatelet drugs with warfarin"));
    }

    @Test
    public void sameDrugOrNoPairIsNoInteraction() {
        assertTrue(KB.interactions(drug("11289"), List.of(drug("11289"))).isEmpty());
        assertTrue(KB.interactions(drug("723"), List.of(drug("161"), drug("6809"))).isEmpty());
        assertTrue(KB.interactions(drug("723"), List.of()).isEmpty());
        List<Interaction> two = KB.interactions(drug("36567"), List.of(drug("21212"), drug("703"), drug("161")));
        assertEquals(2, two.size());
        assertEquals("21212", two.get(0).with().rxnorm());
        assertEquals("703", two.get(1).with().rxnorm());
    }

    @Test
    public void readsQuotedFieldsAndSkipsCommentsAndBlankLines() {
        ShippedInteractionKnowledgeBase kb = read("# a comment\n\n# version: test-1\na,b,severity,summary,evidence\n"
                + "1,class:x-y,LOW,\"Summary, with a comma and \"\"quotes\"\".\",  Ref. 1  \r\n");
        assertEquals("OpenWard high-priority DDI test-1", kb.name());
        assertEquals(1, kb.size());
        DrugConcept one = new DrugConcept("1", "one", Set.of("1"), Set.of());
        DrugConcept xy = new DrugConcept("2", "two", Set.of("2"), Set.of("x-y"));
        Interaction i = only(kb.interactions(one, List.of(xy)));
        assertEquals("Summary, with a comma and \"quotes\".", i.summary());
        assertEquals("Ref. 1", i.evidence());
        assertEquals(Severity.LOW, i.severity());
    }

    @Test
    public void csvErrorsNameTheLine() {
        String head = "# comment\na,b,severity,summary,evidence\n1,2,high,s,e\n";
        assertLine(head + "1,3,severe,s,e\n", 4, "severity \"severe\"");
        assertLine(head + "\n1,3,high,s\n", 5, "expected 5 fields");
        assertLine(head + "1,warfarin,high,s,e\n", 4, "column b");
        assertLine(head + "1,class:Bad Name,high,s,e\n", 4, "column b");
        assertLine(head + "1,3,high,\"s,e\n", 4, "not closed");
        assertLine(head + "1,3,high,,e\n", 4, "summary is empty");
        assertLine(head + "2,1,low,s,e\n", 4, "already on line 3");
        assertLine(head + "5,5,low,s,e\n", 4, "itself");
        assertLine("a,b,sev,summary,evidence\n", 1, "expected the header");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("# only comments\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("no header"));
    }

    private static void assertLine(String csv, int line, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(csv));
        assertTrue(e.getMessage(), e.getMessage().startsWith("interaction table line " + line + ": "));
        assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }

    private static Interaction only(List<Interaction> list) {
        assertEquals(list.toString(), 1, list.size());
        return list.get(0);
    }

    private static ShippedInteractionKnowledgeBase read(String csv) {
        return ShippedInteractionKnowledgeBase.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static String shippedText() throws IOException {
        try (InputStream in = ShippedInteractionKnowledgeBase.class.getResourceAsStream("interactions.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
