package org.openward.records.impl;

import java.util.regex.Pattern;

/**
 * Medical record numbers this site assigns: a sequence number followed by a Luhn check digit,
 * so that a mistyped digit is caught at the desk.
 */
final class Mrns {

    /** What an MRN given at registration may look like. */
    static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9-]{1,32}");

    private Mrns() {
    }

    static String fromSequence(long sequence) {
        String digits = Long.toString(sequence);
        return digits + luhnCheckDigit(digits);
    }

    /** The digit that makes the Luhn sum of {@code digits} + it a multiple of ten. */
    static int luhnCheckDigit(String digits) {
        int sum = 0;
        boolean doubled = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    /** Whether an all-digit number carries a valid Luhn check digit. */
    static boolean hasValidCheckDigit(String number) {
        if (number.length() < 2 || !number.chars().allMatch(Character::isDigit)) {
            return false;
        }
        String body = number.substring(0, number.length() - 1);
        return luhnCheckDigit(body) == number.charAt(number.length() - 1) - '0';
    }
}
