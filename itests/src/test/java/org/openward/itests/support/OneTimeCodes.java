package org.openward.itests.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/**
 * What an authenticator app does with the secret OpenWard shows at enrolment: six-digit
 * HMAC-SHA1 codes over 30-second steps (RFC 6238). Written from the RFC, apart from the
 * server's implementation, so that the tests check the server against the standard.
 */
public final class OneTimeCodes {

    private OneTimeCodes() {
    }

    /** The code an app shows at this time, shifted by a number of 30-second steps. */
    public static String code(String base32Secret, Instant time, int stepsLater) {
        long step = time.getEpochSecond() / 30 + stepsLater;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(new Base32().decode(base32Secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[19] & 0xf;
            int value = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
            return String.format("%06d", value % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
