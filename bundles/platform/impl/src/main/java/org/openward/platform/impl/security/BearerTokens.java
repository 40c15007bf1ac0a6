package org.openward.platform.impl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.openward.platform.impl.users.AccountStore;
import org.openward.platform.impl.users.AccountStore.Session;

/**
 * Opaque bearer tokens: 256 random bits, kept in the database only as their SHA-256. A token
 * dies when unused for the idle timeout, at the end of its lifetime, or at logout.
 */
final class BearerTokens {

    /** A freshly issued token; the only time the token itself exists on the server. */
    record Issued(String token, Instant expires) {
    }

    /** The last-seen time is written at most this often, not on every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final AccountStore accounts;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    BearerTokens(AccountStore accounts, Clock clock, Duration idleTimeout, Duration lifetime) {
        this.accounts = accounts;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.lifetime = lifetime;
    }

    Issued issue(String username, String sourceAddress) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        accounts.openSession(hash(token), username, sourceAddress, now, expires);
        return new Issued(token, expires);
    }

    /** The user a token belongs to, when it is still alive. */
    Optional<String> validate(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        String hash = hash(token);
        Optional<Session> found = accounts.session(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = clock.instant();
        if (session.revoked() || !now.isBefore(session.expires()) || !now.isBefore(session.lastSeen().plus(idleTimeout))) {
            return Optional.empty();
        }
        if (!now.isBefore(session.lastSeen().plus(TOUCH_INTERVAL))) {
            accounts.touchSession(hash, now);
        }
        return Optional.of(session.username());
    }

    void revoke(String token) {
        accounts.revokeSession(hash(token), clock.instant());
    }

    static String hash(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
