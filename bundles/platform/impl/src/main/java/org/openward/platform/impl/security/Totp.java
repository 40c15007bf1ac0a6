package org.openward.platform.impl.security;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords, RFC 6238 (HOTP of RFC 4226 over 30-second time steps). Staff
 * enrol an authenticator app with a secret shown once as Base32 and as an {@code otpauth://}
 * URI; logins then carry the code the app shows.
 */
public final class Totp {

    /** The HMAC behind the codes. Authenticator apps support SHA1 everywhere, the others rarely. */
    public enum Algorithm {
        SHA1("HmacSHA1"), SHA256("HmacSHA256"), SHA512("HmacSHA512");

        private final String mac;

        Algorithm(String mac) {
            this.mac = mac;
        }
    }

    /** Seconds per time step (RFC 6238's default X). */
    public static final long STEP_SECONDS = 30;
    /** Steps either side of now that are still accepted: clocks drift and people type slowly. */
    public static final int SKEW_STEPS = 1;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Algorithm algorithm;
    private final int digits;

    public Totp(Algorithm algorithm, int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("RFC 4226 codes have 6 to 8 digits, not " + digits);
        }
        this.algorithm = algorithm;
        this.digits = digits;
    }

    /** What OpenWard issues: SHA1, six digits, 30 seconds, as every authenticator app reads. */
    public static Totp standard() {
        return new Totp(Algorithm.SHA1, 6);
    }

    /** A new 160-bit secret (RFC 4226 recommends at least 128, and 160 for SHA1). */
    public static byte[] newSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return secret;
    }

    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    public static byte[] fromBase32(String secret) {
        return new Base32().decode(secret);
    }

    /** The time step an instant falls in. */
    public static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    /** The code for a time step, zero-padded to the number of digits. */
    public String code(byte[] secret, long step) {
        byte[] counter = ByteBuffer.allocate(Long.BYTES).putLong(step).array();
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(algorithm.mac);
            mac.init(new SecretKeySpec(secret, "RAW"));
            hash = mac.doFinal(counter);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm.mac, e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * The time step a code belongs to, when it is valid now (within {@link #SKEW_STEPS}) and
     * later than the last step already used: each code works once.
     */
    public OptionalLong match(byte[] secret, String code, Instant now, long lastUsedStep) {
        if (code == null || code.length() != digits || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long current = step(now);
        OptionalLong matched = OptionalLong.empty();
        for (long step = current - SKEW_STEPS; step <= current + SKEW_STEPS; step++) {
            boolean same = MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII));
            if (same && step > lastUsedStep && matched.isEmpty()) {
                matched = OptionalLong.of(step);
            }
        }
        return matched;
    }

    /** The key URI authenticator apps import (as text or a QR code of it). */
    public String uri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=" + algorithm.name() + "&digits=" + digits + "&period=" + STEP_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
