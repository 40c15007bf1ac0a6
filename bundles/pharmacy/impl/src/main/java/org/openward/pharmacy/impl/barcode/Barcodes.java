package org.openward.pharmacy.impl.barcode;

import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openward.platform.api.error.InvalidInputException;

/**
 * Reads the barcodes scanned for barcode medication administration and dispensing, as a keyboard-wedge scanner
 * types them. Surrounding whitespace, CR/LF and an AIM symbology identifier ({@code ]d2}, {@code ]C1},
 * {@code ]e0}, {@code ]E0}, {@code ]A0}…) are ignored.
 *
 * <p>Medication barcodes ({@link #product(String)}):
 * <ul>
 * <li>GS1 element strings (GS1 DataMatrix, GS1-128, GS1 DataBar) with the application identifiers 01 (GTIN),
 * 17 (expiry), 10 (lot), 21 (serial), 11 (production date, checked and dropped) and 30 (count, checked and
 * dropped), in any order. FNC1 may come as the ASCII GS character, or as the text {@code <GS>} or {@code {GS}}.</li>
 * <li>The same in the printed form with parentheses: {@code (01)00312345678906(17)271231(10)A12B}.</li>
 * <li>A 12-digit UPC-A, a 13-digit EAN-13 or a 14-digit GTIN (check digit verified). Digits alone, fewer than 16
 * and without a GS1 symbology identifier, are read as one of these; 10 or 11 digits alone are refused as an NDC
 * without its hyphens.</li>
 * <li>An NDC with its hyphens as printed: 4-4-2, 5-3-2, 5-4-1, or the 11-digit 5-4-2 form, optionally preceded
 * by {@code NDC}.</li>
 * </ul>
 * A GTIN-14 starting {@code 003} (which includes every UPC-A starting {@code 3}) carries the US NDC in its digits
 * 4 to 13, and sets {@link ScannedProduct#ndc10()} too.
 *
 * <p>Limit of the formats themselves: where a scanner drops FNC1 altogether, a lot followed by another field reads
 * as one longer lot; it is refused only when it passes 20 characters. In the printed form a lot cannot contain
 * {@code (}, and in the typed forms it cannot contain the text {@code <GS>}.
 */
public final class Barcodes {

    private static final String PRODUCT_ERROR = "OW-1520";
    private static final String WRISTBAND_ERROR = "OW-1521";

    /** FNC1 as a keyboard wedge types it: the ASCII group separator. */
    private static final char GS = '\u001D';

    /** AIM symbology identifier (ISO/IEC 15424): "]", the symbology, a modifier. */
    private static final Pattern SYMBOLOGY_ID = Pattern.compile("\\][A-Za-z][0-9]");
    /** Symbology identifiers whose data is always a GS1 element string: DataMatrix, GS1-128, DataBar, QR. */
    private static final Set<String> GS1_SYMBOLOGIES = Set.of("]d2", "]C1", "]e0", "]Q3");

    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    /** GS1 General Specifications, "GS1 AI encodable character set 82": what AIs 10 and 21 may carry. */
    private static final Pattern CSET_82 = Pattern.compile("[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]*");
    /** One field of the printed form: "(AI)value", the value running up to the next "(". */
    private static final Pattern PRINTED_FIELD = Pattern.compile("\\(([0-9]{2,4})\\)([^(]*)");
    /** Labeler, product and package segments of an NDC as printed, e.g. "NDC 12345-678-90". */
    private static final Pattern NDC = Pattern.compile("(?i)(?:NDC[\\s:#]*)?([0-9]{1,6})-([0-9]{1,6})-([0-9]{1,6})");

    private static final Pattern MRN = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern MRN_PREFIX = Pattern.compile("(?i)MRN(?:\\s*:\\s*|\\s+)");

    /** The GS1 Application Identifiers read here, as defined in GS1 General Specifications, section 3. */
    private enum Ai {
        GTIN("01", "the product code (GTIN, AI 01)", 14, true, true),
        EXPIRY("17", "the expiry date (AI 17)", 6, true, true),
        PRODUCTION("11", "the production date (AI 11)", 6, true, true),
        LOT("10", "the lot number (AI 10)", 20, false, false),
        SERIAL("21", "the serial number (AI 21)", 20, false, false),
        COUNT("30", "the count (AI 30)", 8, false, true);

        final String code;
        final String label;
        final int length; // the exact length if fixed, else the maximum
        final boolean fixed;
        final boolean numeric;

        Ai(String code, String label, int length, boolean fixed, boolean numeric) {
            this.code = code;
            this.label = label;
            this.length = length;
            this.fixed = fixed;
            this.numeric = numeric;
        }

        static Ai of(String code) {
            for (Ai ai : values()) {
                if (ai.code.equals(code)) {
                    return ai;
                }
            }
            return null;
        }

        void check(String value) {
            if (value.isEmpty() && !fixed) {
                throw unreadable(label + " is empty");
            }
            if (!(numeric ? DIGITS : CSET_82).matcher(value).matches()) {
                throw unreadable(numeric ? label + " must be digits only"
                        : label + " contains a character a GS1 barcode cannot carry");
            }
            if (fixed && value.length() < length) {
                throw unreadable(label + " is cut short (" + value.length() + " of " + length + " digits)");
            }
            if (fixed && value.length() > length) {
                throw unreadable(label + " must be exactly " + length + " digits");
            }
            if (value.length() > length) {
                throw unreadable(label + " is longer than " + length + " characters (a separator may be missing)");
            }
        }
    }

    private Barcodes() {
    }

    /**
     * Parses a medication barcode as a keyboard-wedge scanner types it, reading 2-digit expiry years around the
     * current year.
     *
     * @throws InvalidInputException (OW-1520, field {@code barcode}) when it cannot be read
     */
    public static ScannedProduct product(String scanned) {
        return product(scanned, Year.now().getValue());
    }

    /**
     * Parses a medication barcode as a keyboard-wedge scanner types it.
     *
     * @param referenceYear the year that 2-digit years are read around (normally the current one)
     * @throws InvalidInputException (OW-1520, field {@code barcode}) when it cannot be read
     */
    public static ScannedProduct product(String scanned, int referenceYear) {
        String data = trim(scanned);
        String symbology = symbologyId(data);
        data = trim(data.substring(symbology.length()));
        if (data.isEmpty()) {
            throw unreadable("nothing was scanned");
        }
        if (data.startsWith("(")) {
            return fromElements(printed(data), referenceYear);
        }
        if (!GS1_SYMBOLOGIES.contains(symbology)) {
            Matcher ndc = NDC.matcher(data);
            if (ndc.matches()) {
                return new ScannedProduct(null, ndc10(ndc.group(1), ndc.group(2), ndc.group(3)), null, null, null);
            }
            // the shortest element string with a GTIN is 16 digits ("01" + 14), so shorter digits are linear codes
            if (data.length() < 16 && DIGITS.matcher(data).matches()) {
                return linear(data);
            }
        }
        return fromElements(elementString(data), referenceYear);
    }

    /**
     * Reads a patient wristband: the MRN alone ({@code DEMO-0001}, {@code 10003}) or after {@code MRN:} or
     * {@code MRN } (any case).
     *
     * @return the MRN it carries
     * @throws InvalidInputException (OW-1521, field {@code wristband}) when it cannot be read
     */
    public static String wristband(String scanned) {
        String data = trim(scanned);
        data = trim(data.substring(symbologyId(data).length()));
        if (data.isEmpty()) {
            throw unreadableWristband("nothing was scanned");
        }
        Matcher prefix = MRN_PREFIX.matcher(data);
        if (prefix.lookingAt()) {
            data = data.substring(prefix.end());
        }
        if (data.isEmpty()) {
            throw unreadableWristband("it carries no MRN");
        }
        if (data.length() > 32) {
            throw unreadableWristband("it is longer than the 32 characters an MRN can have");
        }
        if (!MRN.matcher(data).matches()) {
            // the scanned text is not repeated: it may be someone's identifier
            throw unreadableWristband("an MRN has only letters, digits and hyphens, without spaces");
        }
        return data;
    }

    /** UPC-A, EAN-13 or GTIN-14, all read as a GTIN-14 by padding with leading zeros. */
    private static ScannedProduct linear(String digits) {
        return switch (digits.length()) {
            case 12 -> fromGtin("00" + digits, "UPC", null, null, null);
            case 13 -> fromGtin("0" + digits, "EAN", null, null, null);
            case 14 -> fromGtin(digits, "GTIN", null, null, null);
            case 10, 11 -> throw unreadable("an NDC must be typed with its hyphens, as printed (e.g. 12345-678-90)");
            default -> throw unreadable("a product code of " + digits.length()
                    + " digits is not a UPC (12), an EAN (13) nor a GTIN (14)");
        };
    }

    private static ScannedProduct fromElements(Map<Ai, String> fields, int referenceYear) {
        String gtin = fields.get(Ai.GTIN);
        if (gtin == null) {
            throw unreadable("it carries no product code (GTIN, AI 01)");
        }
        if (fields.containsKey(Ai.PRODUCTION)) {
            date(Ai.PRODUCTION, fields.get(Ai.PRODUCTION), referenceYear); // must be a date; not needed
        }
        LocalDate expiry = fields.containsKey(Ai.EXPIRY) ? date(Ai.EXPIRY, fields.get(Ai.EXPIRY), referenceYear) : null;
        return fromGtin(gtin, "GTIN", fields.get(Ai.LOT), expiry, fields.get(Ai.SERIAL));
    }

    /**
     * Checks the GTIN-14's check digit and reads the NDC a US drug's GTIN carries: "003" + 10 digits + check digit,
     * i.e. indicator digit 0 and a UPC starting with 3, the number system GS1 US reserves for NDC/HRI drug codes.
     */
    private static ScannedProduct fromGtin(String gtin14, String kind, String lot, LocalDate expiry, String serial) {
        if (!checkDigitIsRight(gtin14)) {
            throw unreadable("the " + kind + "'s check digit is wrong");
        }
        String ndc10 = gtin14.startsWith("003") ? gtin14.substring(3, 13) : null;
        return new ScannedProduct(gtin14, ndc10, lot, expiry, serial);
    }

    /**
     * GS1 General Specifications, "Standard check digit calculations for GS1 data structures": from the right,
     * leaving out the check digit, the digits are weighted 3, 1, 3, 1…; the check digit brings the sum up to a
     * multiple of 10. Leading zeros weigh nothing, so a padded GTIN-12 or GTIN-13 checks the same.
     */
    private static boolean checkDigitIsRight(String digits) {
        int sum = 0;
        int weight = 3;
        for (int i = digits.length() - 2; i >= 0; i--) {
            sum += (digits.charAt(i) - '0') * weight;
            weight = 4 - weight;
        }
        return (10 - sum % 10) % 10 == digits.charAt(digits.length() - 1) - '0';
    }

    /**
     * The element string as scanned (GS1 General Specifications, "Concatenation"): AIs of predefined length
     * (01, 11, 17) need no separator after them; a variable-length field (10, 21, 30) runs to the FNC1 or the end.
     * A separator where none is needed, or at either end, is tolerated.
     */
    private static Map<Ai, String> elementString(String data) {
        String s = data.replace("<GS>", String.valueOf(GS)).replace("{GS}", String.valueOf(GS));
        Map<Ai, String> fields = new EnumMap<>(Ai.class);
        Ai previous = null;
        int at = 0;
        while (at < s.length()) {
            if (s.charAt(at) == GS) {
                at++;
                continue;
            }
            Ai ai = at + 2 <= s.length() ? Ai.of(s.substring(at, at + 2)) : null;
            if (ai == null) {
                throw unknownData(s.substring(at), previous);
            }
            at += 2;
            int end = s.indexOf(GS, at);
            if (end < 0) {
                end = s.length();
            }
            if (ai.fixed) {
                end = Math.min(end, at + ai.length);
            }
            put(fields, ai, s.substring(at, end));
            at = end;
            previous = ai;
        }
        return fields;
    }

    /** The printed form, "(01)00312345678906(17)271231(10)A12B"; spaces around values are dropped. */
    private static Map<Ai, String> printed(String s) {
        Map<Ai, String> fields = new EnumMap<>(Ai.class);
        Matcher field = PRINTED_FIELD.matcher(s);
        int at = 0;
        while (at < s.length()) {
            field.region(at, s.length());
            if (!field.lookingAt()) {
                throw unreadable("the printed code is not in the form (01)…(17)…(10)…");
            }
            Ai ai = Ai.of(field.group(1));
            if (ai == null) {
                throw unknownAi(field.group(1));
            }
            put(fields, ai, field.group(2).strip());
            at = field.end();
        }
        return fields;
    }

    private static void put(Map<Ai, String> fields, Ai ai, String value) {
        ai.check(value);
        String before = fields.putIfAbsent(ai, value);
        if (before != null && !before.equals(value)) {
            throw unreadable("it carries " + ai.label + " twice, with different values");
        }
    }

    /** Why the text at the start of {@code rest} is not one of the AIs read here. */
    private static InvalidInputException unknownData(String rest, Ai previous) {
        int digits = 0;
        while (digits < rest.length() && digits < 4 && rest.charAt(digits) >= '0' && rest.charAt(digits) <= '9') {
            digits++;
        }
        if (digits >= 2) {
            return unknownAi(rest.substring(0, Math.min(digits, aiLength(rest.substring(0, 2)))));
        }
        if (previous == null) {
            return unreadable("it is not a medication barcode this system reads"
                    + " (GS1 DataMatrix or GS1-128, UPC-A, EAN-13, GTIN-14 or NDC)");
        }
        return unreadable("there are unexpected characters after " + previous.label + " (a separator may be missing)");
    }

    /**
     * How many digits an AI starting with these two has, so an unknown AI can be named in full (after the table
     * "GS1 Application Identifiers in numerical order").
     */
    private static int aiLength(String firstTwo) {
        return switch (firstTwo) {
            case "23", "24", "25", "40", "41", "42", "71" -> 3;
            case "31", "32", "33", "34", "35", "36", "39", "70", "72", "80", "81", "82" -> 4;
            default -> 2;
        };
    }

    private static InvalidInputException unknownAi(String ai) {
        return unreadable("it carries GS1 application identifier (" + ai + "), which this system does not read");
    }

    /**
     * A YYMMDD date. GS1 General Specifications, "Determination of century in dates": the year is the one ending in
     * YY that lies from 49 years before to 50 years after the reference year. DD = 00 stands for the last day of
     * the month (AI 17, "Expiration date": a date given as year and month only has DD filled with two zeroes).
     */
    private static LocalDate date(Ai ai, String yymmdd, int referenceYear) {
        int year = Math.floorDiv(referenceYear, 100) * 100 + Integer.parseInt(yymmdd.substring(0, 2));
        if (year > referenceYear + 50) {
            year -= 100;
        } else if (year < referenceYear - 49) {
            year += 100;
        }
        int month = Integer.parseInt(yymmdd.substring(2, 4));
        int day = Integer.parseInt(yymmdd.substring(4, 6));
        if (month < 1 || month > 12) {
            throw unreadable(ai.label + " is not a real date (there is no month " + month + ")");
        }
        YearMonth yearMonth = YearMonth.of(year, month);
        if (day == 0) {
            return yearMonth.atEndOfMonth();
        }
        if (!yearMonth.isValidDay(day)) {
            throw unreadable(ai.label + " is not a real date (" + yearMonth.getMonth().getDisplayName(TextStyle.FULL,
                    Locale.ENGLISH) + " " + year + " has no day " + day + ")");
        }
        return yearMonth.atDay(day);
    }

    /**
     * The 10-digit NDC from its labeler, product and package segments. The FDA's 10-digit layouts 4-4-2, 5-3-2 and
     * 5-4-1 are taken as they are. The HIPAA 11-digit form is always 5-4-2, made from the 10-digit one by a leading
     * zero on its short segment: 1234-5678-90 → 01234-5678-90, 12345-678-90 → 12345-0678-90,
     * 12345-6789-0 → 12345-6789-00. It is mapped back by dropping that zero. When more than one segment starts
     * with 0 (01234-0567-01 could come from any of the three) only the NDC directory can tell; the labeler is
     * taken first (a 5-digit labeler code starting with 0 is a 4-digit one padded), then the product, then the
     * package, the usual conversion order.
     */
    private static String ndc10(String labeler, String product, String pack) {
        return switch (labeler.length() + "-" + product.length() + "-" + pack.length()) {
            case "4-4-2", "5-3-2", "5-4-1" -> labeler + product + pack;
            case "5-4-2" -> {
                if (labeler.charAt(0) == '0') {
                    yield labeler.substring(1) + product + pack;
                }
                if (product.charAt(0) == '0') {
                    yield labeler + product.substring(1) + pack;
                }
                if (pack.charAt(0) == '0') {
                    yield labeler + product + pack.substring(1);
                }
                throw unreadable("an 11-digit NDC has a padding zero at the start of one segment, and this one has none");
            }
            default -> throw unreadable("an NDC is laid out 4-4-2, 5-3-2, 5-4-1 or 5-4-2 digits (e.g. 12345-678-90)");
        };
    }

    /** Strips what scanners add around the data: spaces, CR/LF/TAB, a stray GS at either end. */
    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        int start = 0;
        int end = s.length();
        while (start < end && ignorable(s.charAt(start))) {
            start++;
        }
        while (end > start && ignorable(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean ignorable(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    /** The AIM symbology identifier the data starts with, or "" if none. */
    private static String symbologyId(String data) {
        Matcher id = SYMBOLOGY_ID.matcher(data);
        return id.lookingAt() ? id.group() : "";
    }

    private static InvalidInputException unreadable(String reason) {
        return new InvalidInputException(PRODUCT_ERROR, "barcode",
                "the barcode could not be read: " + reason + " (scan again or type the product code)");
    }

    private static InvalidInputException unreadableWristband(String reason) {
        return new InvalidInputException(WRISTBAND_ERROR, "wristband",
                "the wristband could not be read: " + reason + " (scan again or type the MRN)");
    }
}
