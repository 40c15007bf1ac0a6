package org.openward.platform.impl.security;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.Test;
import org.openward.platform.impl.security.Totp.Algorithm;

public class TotpTest {

    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 = ("1234567890".repeat(6) + "1234").getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B: time (s), then the SHA1, SHA256 and SHA512 codes. */
    private static final String[][] APPENDIX_B = {
        {"59", "94287082", "46119246", "90693936"},
        {"1111111109", "07081804", "68084774", "25091201"},
        {"1111111111", "14050471", "67062674", "99943326"},
        {"1234567890", "89005924", "91819424", "93441116"},
        {"2000000000", "69279037", "90698825", "38618901"},
        {"20000000000", "65353130", "77737706", "47863826"},
    };

    @Test
    public void reproducesEveryTestVectorOfRfc6238AppendixB() {
        Totp sha1 = new Totp(Algorithm.SHA1, 8);
        Totp sha256 = new Totp(Algorithm.SHA256, 8);
        Totp sha512 = new Totp(Algorithm.SHA512, 8);
        for (String[] vector : APPENDIX_B) {
            long step = Totp.step(Instant.ofEpochSecond(Long.parseLong(vector[0])));
            assertEquals("SHA1 at " + vector[0], vector[1], sha1.code(SEED_SHA1, step));
            assertEquals("SHA256 at " + vector[0], vector[2], sha256.code(SEED_SHA256, step));
            assertEquals("SHA512 at " + vector[0], vector[3], sha512.code(SEED_SHA512, step));
        }
    }

    @Test
    public void sixDigitCodesAreTheLastSixOfTheEightDigitOnes() {
        Totp six = Totp.standard();
        long step = Totp.step(Instant.ofEpochSecond(1111111109));
        assertEquals("081804", six.code(SEED_SHA1, step));
    }

    @Test
    public void acceptsOneStepEitherSideAndNoFurther() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(1_800_000_015);
        long step = Totp.step(now);
        for (long offset = -3; offset <= 3; offset++) {
            OptionalLong matched = totp.match(SEED_SHA1, totp.code(SEED_SHA1, step + offset), now, 0);
            if (Math.abs(offset) <= Totp.SKEW_STEPS) {
                assertEquals("offset " + offset, OptionalLong.of(step + offset), matched);
            } else {
                assertTrue("offset " + offset + " refused", matched.isEmpty());
            }
        }
    }

    @Test
    public void aCodeWorksOnceAndNoEarlierStepWorksAfterIt() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(1_800_000_015);
        long step = Totp.step(now);
        String current = totp.code(SEED_SHA1, step);
        long used = totp.match(SEED_SHA1, current, now, 0).orElseThrow();
        assertTrue("the same code again", totp.match(SEED_SHA1, current, now, used).isEmpty());
        assertTrue("the previous step's code", totp.match(SEED_SHA1, totp.code(SEED_SHA1, step - 1), now, used).isEmpty());
        assertEquals("the next step's code", OptionalLong.of(step + 1),
                totp.match(SEED_SHA1, totp.code(SEED_SHA1, step + 1), now, used));
    }

    @Test
    public void malformedCodesAreRefused() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(1_800_000_015);
        for (String code : new String[] {null, "", "12345", "1234567", "12345a", " 12345", "１２３４５６"}) {
            assertTrue(String.valueOf(code), totp.match(SEED_SHA1, code, now, 0).isEmpty());
        }
    }

    @Test
    public void theSecretSurvivesBase32AndTheUriCarriesIt() {
        byte[] secret = Totp.newSecret();
        assertEquals(20, secret.length);
        String text = Totp.base32(secret);
        assertEquals(32, text.length());
        assertArrayEquals(secret, Totp.fromBase32(text));
        assertEquals("otpauth://totp/OpenWard%20General:nora.nurse?secret=" + text
                + "&issuer=OpenWard%20General&algorithm=SHA1&digits=6&period=30",
                Totp.standard().uri("OpenWard General", "nora.nurse", secret));
    }
}
