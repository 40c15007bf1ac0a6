package org.openward.pharmacy.impl.barcode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.time.Year;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.openward.platform.api.error.InvalidInputException;

/** Synthetic product codes only: GS1's example number 0950600013435x and the made-up NDC 1234567890. */
public class BarcodesTest {

    private static final int YEAR = 2026;
    private static final String GS = "\u001D";

    private static final String NDC = "1234567890";
    /** "003" + NDC + check digit: the NDC in a GTIN-14. */
    private static final String GTIN = withCheckDigit("003" + NDC);
    /** The GS1 example GTIN, which carries no NDC. */
    private static final String OTHER_GTIN = withCheckDigit("0950600013435");
    private static final LocalDate END_2027 = LocalDate.of(2027, 12, 31);

    /** GS1 mod-10: weights 3, 1, 3… from the right; the check digit makes the sum a multiple of 10. */
    private static String withCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? 3 * digit : digit;
        }
        return digits + (10 - sum % 10) % 10;
    }

    /** The same digits with the last (check) digit off by one. */
    private static String withWrongCheckDigit(String digits) {
        char last = digits.charAt(digits.length() - 1);
        return digits.substring(0, digits.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    private static ScannedProduct read(String scanned) {
        return Barcodes.product(scanned, YEAR);
    }

    private static ScannedProduct product(String gtin, String ndc10, String lot, LocalDate expiry, String serial) {
        return new ScannedProduct(gtin, ndc10, lot, expiry, serial);
    }

    private static LocalDate expiry(String yymmdd, int referenceYear) {
        return Barcodes.product("01" + GTIN + "17" + yymmdd, referenceYear).expiry();
    }

    /** Asserts the barcode is refused with OW-1520 on field "barcode", in words a nurse can act on. */
    private static String refused(String scanned) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(scanned));
        assertEquals(e.getMessage(), "OW-1520", e.code());
        assertEquals(e.getMessage(), "barcode", e.field());
        assertTrue(e.detail(), e.detail().startsWith("the barcode could not be read: "));
        assertTrue(e.detail(), e.detail().endsWith(" (scan again or type the product code)"));
        return e.detail();
    }

    private static void assertRefused(String scanned, String reason) {
        String detail = refused(scanned);
        assertTrue("expected «" + reason + "» in: " + detail, detail.contains(reason));
    }

    private static void assertWristbandRefused(String scanned, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Barcodes.wristband(scanned));
        assertEquals(e.getMessage(), "OW-1521", e.code());
        assertEquals(e.getMessage(), "wristband", e.field());
        assertTrue(e.detail(), e.detail().startsWith("the wristband could not be read: "));
        assertTrue("expected «" + reason + "» in: " + e.detail(), e.detail().contains(reason));
    }

    @Test
    public void theTestsCheckDigitsAgreeWithKnownValidNumbers() {
        assertEquals("09506000134352", OTHER_GTIN); // GS1's own example GTIN
        assertEquals("00312345678906", GTIN); // the example of the specification of this parser
    }

    // ---- GS1 element strings -------------------------------------------------------------------------------

    @Test
    public void dataMatrixWithTheAsciiGroupSeparator() {
        assertEquals(product(GTIN, NDC, "A12B", END_2027, "SN0001"),
                read("01" + GTIN + "17271231" + "10A12B" + GS + "21SN0001"));
        assertEquals(product(OTHER_GTIN, null, "A12B", END_2027, null),
                read("01" + OTHER_GTIN + "17271231" + "10A12B"));
    }

    @Test
    public void dataMatrixWithTheSeparatorTypedAsText() {
        ScannedProduct expected = product(GTIN, NDC, "A12B", END_2027, "SN0001");
        assertEquals(expected, read("01" + GTIN + "17271231" + "10A12B<GS>21SN0001"));
        assertEquals(expected, read("01" + GTIN + "17271231" + "10A12B{GS}21SN0001"));
    }

    @Test
    public void printedFormWithParentheses() {
        ScannedProduct expected = product(GTIN, NDC, "A12B", END_2027, null);
        assertEquals(expected, read("(01)00312345678906(17)271231(10)A12B"));
        assertEquals(expected, read("(01) 00312345678906 (17) 271231 (10) A12B"));
        assertEquals(product(GTIN, NDC, "A12B", END_2027, "S-1"), read("(10)A12B(21)S-1(17)271231(01)" + GTIN));
        assertEquals(expected, read("]C1(01)00312345678906(17)271231(10)A12B"));
    }

    @Test
    public void symbologyIdentifiersAndWhatScannersAddAroundAreIgnored() {
        ScannedProduct expected = product(GTIN, NDC, "A12B", END_2027, null);
        String data = "01" + GTIN + "17271231" + "10A12B";
        assertEquals(expected, read("]d2" + data)); // GS1 DataMatrix
        assertEquals(expected, read("]C1" + data)); // GS1-128
        assertEquals(expected, read("]Q3" + data)); // GS1 QR
        assertEquals(expected, read("  ]d2" + data + "\r\n"));
        assertEquals(expected, read("\t" + data + GS + "\n")); // a trailing separator and line end
        assertEquals(expected, read("]d2" + GS + data)); // FNC1 in first position sent as GS
        assertEquals(product(GTIN, NDC, null, null, null), read("]e0" + "01" + GTIN)); // GS1 DataBar
    }

    @Test
    public void fieldsComeInAnyOrder() {
        ScannedProduct expected = product(GTIN, NDC, "A12B", END_2027, "SN1");
        assertEquals(expected, read("10A12B" + GS + "17271231" + "01" + GTIN + "21SN1"));
        assertEquals(expected, read("21SN1" + GS + "10A12B" + GS + "01" + GTIN + "17271231"));
        assertEquals(expected, read("17271231" + "21SN1" + GS + "01" + GTIN + "10A12B"));
    }

    @Test
    public void theLastVariableFieldNeedsNoSeparator() {
        assertEquals("A12B", read("01" + GTIN + "17271231" + "10A12B").lot());
        assertEquals("SN-77", read("01" + GTIN + "10A12B" + GS + "21SN-77").serial());
        assertEquals("SN-77", read("01" + GTIN + "10A12B" + GS + "21SN-77" + GS).serial());
    }

    @Test
    public void aSeparatorAfterAFixedLengthFieldIsTolerated() {
        assertEquals(product(GTIN, NDC, "A1", END_2027, null),
                read("01" + GTIN + GS + "17271231" + GS + "10A1"));
        assertEquals(product(GTIN, NDC, "A1", END_2027, null),
                read("01" + GTIN + "<GS><GS>17271231{GS}10A1"));
    }

    @Test
    public void lotsAndSerialsCarryTheGs1CharacterSetUpTo20Characters() {
        String twenty = "ABCDEFGHIJ0123456789";
        assertEquals(twenty, read("01" + GTIN + "10" + twenty).lot());
        assertEquals(twenty, read("01" + GTIN + "21" + twenty).serial());
        assertEquals("a-1/2.B_c%&*+,:;", read("01" + GTIN + "10a-1/2.B_c%&*+,:;").lot());
    }

    @Test
    public void productionDateAndCountAreCheckedButNotReturned() {
        assertEquals(product(GTIN, NDC, "A1", END_2027, null),
                read("01" + GTIN + "11250101" + "17271231" + "3012" + GS + "10A1"));
        assertEquals(product(GTIN, NDC, null, null, null), read("(01)" + GTIN + "(11)250100(30)12345678"));
        assertRefused("01" + GTIN + "11251301", "the production date (AI 11) is not a real date");
        assertRefused("01" + GTIN + "30" + "12A", "the count (AI 30) must be digits only");
        assertRefused("01" + GTIN + "30" + "123456789", "the count (AI 30) is longer than 8 characters");
    }

    @Test
    public void expiryDay00IsTheLastDayOfTheMonth() {
        assertEquals(LocalDate.of(2027, 2, 28), expiry("270200", YEAR));
        assertEquals(LocalDate.of(2028, 2, 29), expiry("280200", YEAR)); // leap year
        assertEquals(LocalDate.of(2027, 11, 30), expiry("271100", YEAR));
        assertEquals(LocalDate.of(2027, 12, 31), expiry("271200", YEAR));
        assertEquals(LocalDate.of(2027, 11, 1), expiry("271101", YEAR));
    }

    @Test
    public void twoDigitYearsFallFrom49YearsBeforeTo50YearsAfterTheReferenceYear() {
        assertEquals(2026, expiry("260101", 2026).getYear());
        assertEquals(2076, expiry("760101", 2026).getYear()); // +50
        assertEquals(1977, expiry("770101", 2026).getYear()); // -49
        assertEquals(2000, expiry("000101", 2026).getYear());
        assertEquals(1999, expiry("990101", 2026).getYear());
        assertEquals(2130, expiry("300101", 2080).getYear()); // +50, into the next century
        assertEquals(2031, expiry("310101", 2080).getYear()); // -49
        assertEquals(2050, expiry("500101", 2000).getYear());
        assertEquals(1951, expiry("510101", 2000).getYear());
        assertEquals(2099, expiry("990101", 2100).getYear());
        // the century decides whether 29 February exists: 2000 was a leap year, 2100 will not be
        assertEquals(LocalDate.of(2000, 2, 29), expiry("000229", 2026));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Barcodes.product("01" + GTIN + "17000229", 2080));
        assertEquals("OW-1520", e.code());
        assertTrue(e.detail(), e.detail().contains("February 2100 has no day 29"));
    }

    @Test
    public void withoutAReferenceYearTheCurrentYearIsUsed() {
        int year = Year.now().getValue();
        String yy = String.format("%02d", year % 100);
        assertEquals(LocalDate.of(year, 12, 31), Barcodes.product("01" + GTIN + "17" + yy + "1231").expiry());
        assertEquals(product(GTIN, NDC, "A1", null, null), Barcodes.product("]d2" + "01" + GTIN + "10A1"));
    }

    @Test
    public void aGtinStarting003CarriesTheNdc() {
        assertEquals(NDC, read("01" + GTIN).ndc10());
        assertEquals("0000000001", read("01" + withCheckDigit("0030000000001")).ndc10());
        assertNull(read("01" + OTHER_GTIN).ndc10());
        assertNull(read("01" + withCheckDigit("1031234567890")).ndc10()); // a case pack: indicator digit 1
        assertNull(read("01" + withCheckDigit("0041234567890")).ndc10());
    }

    // ---- linear barcodes and typed codes -------------------------------------------------------------------

    @Test
    public void aUpcAStarting3IsAnNdc() {
        String upc = withCheckDigit("3" + NDC);
        assertEquals("312345678906", upc);
        assertEquals(product("00" + upc, NDC, null, null, null), read(upc));
        assertEquals(product("00" + upc, NDC, null, null, null), read("]E0" + upc));
        // scanners send a UPC-A as an EAN-13 with a leading 0
        assertEquals(product("00" + upc, NDC, null, null, null), read("]E0" + "0" + upc));
        String otherUpc = withCheckDigit("01234567890");
        assertEquals(product("00" + otherUpc, null, null, null, null), read(otherUpc));
    }

    @Test
    public void anEan13IsReadAsAGtin14() {
        String ean = withCheckDigit("950600013435");
        assertEquals(product("0" + ean, null, null, null, null), read(ean));
        assertEquals(product("0" + ean, null, null, null, null), read("]E0" + ean + "\r\n"));
    }

    @Test
    public void fourteenDigitsAloneAreAGtin() {
        assertEquals(product(OTHER_GTIN, null, null, null, null), read(OTHER_GTIN));
        assertEquals(product(GTIN, NDC, null, null, null), read(" " + GTIN + " "));
    }

    @Test
    public void hyphenatedTenDigitNdcs() {
        ScannedProduct expected = product(null, NDC, null, null, null);
        assertEquals(expected, read("1234-5678-90")); // 4-4-2
        assertEquals(expected, read("12345-678-90")); // 5-3-2
        assertEquals(expected, read("12345-6789-0")); // 5-4-1
        assertEquals(expected, read("NDC 12345-678-90"));
        assertEquals(expected, read("ndc: 1234-5678-90\r\n"));
        assertEquals(expected, read("]A0" + "12345-678-90"));
    }

    @Test
    public void elevenDigitNdcsLoseTheirPaddingZero() {
        assertEquals("1234567890", read("01234-5678-90").ndc10()); // from 4-4-2
        assertEquals("1234567890", read("12345-0678-90").ndc10()); // from 5-3-2
        assertEquals("1234567890", read("12345-6789-00").ndc10()); // from 5-4-1
        assertNull(read("12345-0678-90").gtin());
        // more than one segment starting with 0: the labeler's zero is the padding, then the product's
        assertEquals("1234056701", read("01234-0567-01").ndc10());
        assertEquals("1234567809", read("12345-0678-09").ndc10());
    }

    // ---- refusals -------------------------------------------------------------------------------------------

    @Test
    public void nothingScanned() {
        for (String blank : new String[] {null, "", "   ", "\r\n", "]d2", " ]E0 \r\n", GS}) {
            assertRefused(blank, "nothing was scanned");
        }
    }

    @Test
    public void aWrongCheckDigitIsRefused() {
        assertEquals("the barcode could not be read: the GTIN's check digit is wrong (scan again or type the product code)",
                refused("01" + withWrongCheckDigit(GTIN) + "17271231"));
        assertRefused("(01)" + withWrongCheckDigit(GTIN) + "(10)A1", "the GTIN's check digit is wrong");
        assertRefused(withWrongCheckDigit(GTIN), "the GTIN's check digit is wrong");
        assertRefused(withWrongCheckDigit(withCheckDigit("3" + NDC)), "the UPC's check digit is wrong");
        assertRefused(withWrongCheckDigit(withCheckDigit("950600013435")), "the EAN's check digit is wrong");
        assertRefused("01" + GTIN.substring(0, 4) + "9" + GTIN.substring(5), "check digit is wrong"); // one digit misread
    }

    @Test
    public void lettersWhereDigitsMustBe() {
        assertRefused("01" + GTIN.substring(0, 12) + "O6", "the product code (GTIN, AI 01) must be digits only");
        assertRefused("(01)" + GTIN.substring(0, 13) + "X", "the product code (GTIN, AI 01) must be digits only");
        assertRefused("01" + GTIN + "172712AB", "the expiry date (AI 17) must be digits only");
        assertRefused("(01)" + GTIN + "(17)27I231", "the expiry date (AI 17) must be digits only");
    }

    @Test
    public void truncatedFixedLengthFields() {
        assertRefused("]d2" + "0100312345", "the product code (GTIN, AI 01) is cut short (8 of 14 digits)");
        // without a symbology identifier, fewer than 16 digits are read as a linear code
        assertRefused("0100312345", "an NDC must be typed with its hyphens");
        assertRefused("01" + GTIN + "172712", "the expiry date (AI 17) is cut short (4 of 6 digits)");
        assertRefused("01" + GTIN + "17", "the expiry date (AI 17) is cut short (0 of 6 digits)");
        assertRefused("0100312" + GS + "10A1", "the product code (GTIN, AI 01) is cut short (5 of 14 digits)");
        assertRefused("(01)" + GTIN.substring(0, 13) + "(10)A1", "is cut short (13 of 14 digits)");
        assertRefused("(01)" + GTIN + "(17)2712310", "the expiry date (AI 17) must be exactly 6 digits");
        assertRefused("(01)" + GTIN + "0", "the product code (GTIN, AI 01) must be exactly 14 digits");
    }

    @Test
    public void lotsAndSerialsOver20CharactersAreRefused() {
        assertRefused("01" + GTIN + "10" + "A".repeat(21), "the lot number (AI 10) is longer than 20 characters");
        assertRefused("(01)" + GTIN + "(10)" + "A".repeat(21), "the lot number (AI 10) is longer than 20 characters");
        // the typical cause: the scanner sent no separator after the lot
        assertRefused("01" + GTIN + "10" + "LOT-2026-0001-A" + "17271231", "a separator may be missing");
        assertRefused("01" + GTIN + "21" + "9".repeat(21), "the serial number (AI 21) is longer than 20 characters");
    }

    @Test
    public void emptyOrUnprintableLots() {
        assertRefused("01" + GTIN + "10" + GS + "17271231", "the lot number (AI 10) is empty");
        assertRefused("(01)" + GTIN + "(10)", "the lot number (AI 10) is empty");
        assertRefused("(01)" + GTIN + "(10)A 1", "the lot number (AI 10) contains a character a GS1 barcode cannot carry");
        assertRefused("01" + GTIN + "10A#1", "the lot number (AI 10) contains a character");
        assertRefused("01" + GTIN + "21ß1", "the serial number (AI 21) contains a character"); // a wrong keyboard layout
    }

    @Test
    public void unknownApplicationIdentifiersAreNamed() {
        assertRefused("01" + GTIN + "99ABC", "GS1 application identifier (99), which this system does not read");
        assertRefused("01" + GTIN + "7003" + "2712311200", "application identifier (7003)");
        assertRefused("01" + GTIN + "240" + "ABC", "application identifier (240)");
        assertRefused("01" + GTIN + "310" + "3000125", "application identifier (3103)");
        assertRefused("(01)" + GTIN + "(400)PO-1", "application identifier (400)");
        assertRefused("00" + "123456789012345675", "application identifier (00)"); // an SSCC, not a product
        assertRefused("]d2" + GTIN, "application identifier (00)"); // a GS1 symbol's data always starts with an AI
    }

    @Test
    public void aGs1CodeWithoutAGtinIsRefused() {
        assertRefused("17271231" + "10A1", "it carries no product code (GTIN, AI 01)");
        assertRefused("(17)271231(10)A1", "it carries no product code (GTIN, AI 01)");
    }

    @Test
    public void datesThatDoNotExistAreRefused() {
        assertRefused("01" + GTIN + "17271301", "the expiry date (AI 17) is not a real date (there is no month 13)");
        assertRefused("01" + GTIN + "17270001", "there is no month 0");
        assertRefused("01" + GTIN + "17270230", "the expiry date (AI 17) is not a real date (February 2027 has no day 30)");
        assertRefused("01" + GTIN + "17270229", "February 2027 has no day 29");
        assertRefused("01" + GTIN + "17270431", "April 2027 has no day 31");
        assertEquals(LocalDate.of(2028, 2, 29), expiry("280229", YEAR));
    }

    @Test
    public void aFieldRepeatedWithAnotherValueIsRefused() {
        assertRefused("01" + GTIN + "10A1" + GS + "10B2", "it carries the lot number (AI 10) twice, with different values");
        assertRefused("01" + GTIN + "01" + OTHER_GTIN, "the product code (GTIN, AI 01) twice");
        assertEquals("A1", read("01" + GTIN + "10A1" + GS + "10A1").lot()); // the same value twice is harmless
    }

    @Test
    public void ndcsInAnotherLayoutAreRefused() {
        assertRefused("123-456-7890", "an NDC is laid out 4-4-2, 5-3-2, 5-4-1 or 5-4-2 digits");
        assertRefused("12345-678-9", "an NDC is laid out");
        assertRefused("123456-78-90", "an NDC is laid out");
        assertRefused("12345-6789-12", "an 11-digit NDC has a padding zero");
        assertRefused("1234567890", "an NDC must be typed with its hyphens");
        assertRefused("12345678901", "an NDC must be typed with its hyphens");
    }

    @Test
    public void digitStringsOfNoKnownLengthAreRefused() {
        assertRefused("12345678", "a product code of 8 digits is not a UPC (12), an EAN (13) nor a GTIN (14)");
        assertRefused("123456789012345", "a product code of 15 digits");
    }

    @Test
    public void whatIsNoMedicationBarcodeAtAllIsRefused() {
        for (String text : new String[] {"hello", "DEMO-0001", "MRN:10003", "]d2hello", "(", "-", "]", "]d"}) {
            refused(text);
        }
        assertRefused("hello", "it is not a medication barcode this system reads");
        assertRefused("01" + GTIN + "XY", "unexpected characters after the product code (GTIN, AI 01)");
        assertRefused("(01", "the printed code is not in the form (01)…(17)…(10)…");
        assertRefused("(AB)123", "the printed code is not in the form");
        assertRefused("(01)" + GTIN + "(17", "the printed code is not in the form");
        assertRefused("(1)23", "the printed code is not in the form");
    }

    /** Whatever is scanned, the answer is a product or OW-1520: never another exception. */
    @Test
    public void everyMangledScanIsReadOrRefusedCleanly() {
        List<String> valid = List.of("]d2" + "01" + GTIN + "17271231" + "10A12B" + GS + "21SN0001",
                "(01)" + GTIN + "(17)270200(10)A12B(21)S1", "01" + GTIN + "<GS>10A1{GS}11250101",
                "312345678906", "9506000134352", "12345-0678-90", "NDC 1234-5678-90");
        String noise = "09A(-<>{}]" + GS;
        for (String scan : valid) {
            for (int i = 0; i <= scan.length(); i++) {
                readOrRefused(scan.substring(0, i)); // cut short
                readOrRefused(scan.substring(i)); // start lost
                if (i < scan.length()) {
                    readOrRefused(scan.substring(0, i) + scan.substring(i + 1)); // one character lost
                    for (char c : noise.toCharArray()) {
                        readOrRefused(scan.substring(0, i) + c + scan.substring(i + 1)); // one character misread
                    }
                }
            }
        }
        Random random = new Random(1520);
        String alphabet = "0123456789013170110ABXaz()-:<>{}GS] \r\n" + GS;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder scan = new StringBuilder();
            for (int length = random.nextInt(40); length > 0; length--) {
                scan.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            readOrRefused(scan.toString());
            wristbandOrRefused(scan.toString());
        }
    }

    private static void readOrRefused(String scan) {
        ScannedProduct product;
        try {
            product = read(scan);
        } catch (InvalidInputException e) {
            assertEquals(scan, "OW-1520", e.code());
            assertEquals(scan, "barcode", e.field());
            return;
        }
        assertTrue(scan, product.gtin() != null || product.ndc10() != null);
        assertTrue(scan, product.gtin() == null || product.gtin().matches("[0-9]{14}")
                && product.gtin().equals(withCheckDigit(product.gtin().substring(0, 13))));
        assertTrue(scan, product.ndc10() == null || product.ndc10().matches("[0-9]{10}"));
        assertTrue(scan, product.lot() == null || product.lot().length() <= 20);
        assertTrue(scan, product.serial() == null || product.serial().length() <= 20);
    }

    private static void wristbandOrRefused(String scan) {
        try {
            assertTrue(scan, Barcodes.wristband(scan).matches("[A-Za-z0-9-]{1,32}"));
        } catch (InvalidInputException e) {
            assertEquals(scan, "OW-1521", e.code());
            assertEquals(scan, "wristband", e.field());
        }
    }

    // ---- wristbands -----------------------------------------------------------------------------------------

    @Test
    public void aWristbandCarriesTheMrnAlone() {
        assertEquals("DEMO-0001", Barcodes.wristband("DEMO-0001"));
        assertEquals("10003", Barcodes.wristband("10003"));
        assertEquals("DEMO-0001", Barcodes.wristband("  DEMO-0001\r\n"));
        assertEquals("DEMO-0001", Barcodes.wristband("]C0DEMO-0001"));
        assertEquals("10003", Barcodes.wristband("]d1 10003\n"));
        assertEquals("MRN-0001", Barcodes.wristband("MRN-0001")); // an MRN that happens to start with MRN
        String longest = "A".repeat(31) + "9";
        assertEquals(longest, Barcodes.wristband(longest));
    }

    @Test
    public void aWristbandMayPrefixTheMrn() {
        assertEquals("DEMO-0001", Barcodes.wristband("MRN:DEMO-0001"));
        assertEquals("DEMO-0001", Barcodes.wristband("mrn: DEMO-0001"));
        assertEquals("10003", Barcodes.wristband("MRN 10003"));
        assertEquals("10003", Barcodes.wristband("Mrn : 10003\r\n"));
        assertEquals("10003", Barcodes.wristband("]C0MRN:10003"));
    }

    @Test
    public void unreadableWristbandsAreRefused() {
        assertWristbandRefused(null, "nothing was scanned");
        assertWristbandRefused("", "nothing was scanned");
        assertWristbandRefused(" \r\n", "nothing was scanned");
        assertWristbandRefused("]C0", "nothing was scanned");
        assertWristbandRefused("MRN:", "it carries no MRN");
        assertWristbandRefused("mrn:  \n", "it carries no MRN");
        assertWristbandRefused("A".repeat(33), "longer than the 32 characters an MRN can have");
        assertWristbandRefused("MRN:" + "1".repeat(33), "longer than the 32 characters");
        for (String bad : new String[] {"DEMO 0001", "MRN: DEMO 0001", "DEMO_0001", "DEMO/0001", "DÉMO-0001",
            "MRN:MRN:1", "DEMO\u00A00001", "DEMO" + GS + "0001", "(01)" + GTIN}) {
            assertWristbandRefused(bad, "an MRN has only letters, digits and hyphens, without spaces");
        }
    }

    @Test
    public void aRefusedWristbandDoesNotRepeatWhatWasScanned() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Barcodes.wristband("SECRET 4711"));
        assertFalse(e.getMessage(), e.getMessage().contains("SECRET"));
        assertFalse(e.getMessage(), e.getMessage().contains("4711"));
    }
}
