package org.openward.platform.impl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

    /** A session that may do everything its user's roles allow. */
    static final String FULL = "full";
    /** A session that may only enrol a second factor. */
    static final String MFA_ENROLMENT = "mfa-enrolment";

    /** What a presented token turned out to be. */
    sealed interface Check permits Alive, TimedOut, Refused {
    }

    /** A live session of this user, with this scope. */
    record Alive(String username, String scope) implements Check {
    }

    /** A session that has just ended because it was idle or reached its lifetime; it was open until now. */
    record TimedOut(String username, String reason) implements Check {
    }

    /** Unknown, malformed, revoked or already timed out. */
    record Refused() implements Check {
    }

    /** The last-seen time is written at most this often, not on every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final AccountStore accounts;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    BearerTokens(AccountStore accounts, Clock clock, LoginPolicy policy) {
        this.accounts = accounts;
        this.clock = clock;
        this.idleTimeout = policy.idleTimeout();
        this.lifetime = policy.lifetime();
    }

    Issued issue(String username, String scope, String sourceAddress) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        accounts.openSession(hash(token), username, scope, sourceAddress, now, expires);
        return new Issued(token, expires);
    }

    /**
     * Whose a token is. A session found past its idle timeout or lifetime is ended here, and
     * reported as timed out exactly once.
     */
    Check validate(String token) {
        if (token == null || token.length() != 43) {
            return new Refused();
        }
        String hash = hash(token);
        Optional<Session> found = accounts.session(hash);
        if (found.isEmpty() || found.get().revoked()) {
            return new Refused();
        }
        Session session = found.get();
        Instant now = clock.instant();
        Optional<String> timedOut = timeout(session, now);
        if (timedOut.isPresent()) {
            return accounts.revokeSession(hash, now) ? new TimedOut(session.username(), timedOut.get()) : new Refused();
        }
        if (!now.isBefore(session.lastSeen().plus(TOUCH_INTERVAL))) {
            accounts.touchSession(hash, now);
        }
        return new Alive(session.username(), session.scope());
    }

    /** Ends every open session past its idle timeout or lifetime; returns who timed out and why. */
    List<TimedOut> endTimedOutSessions() {
        Instant now = clock.instant();
        List<TimedOut> ended = new ArrayList<>();
        for (AccountStore.OpenSession open : accounts.openSessionsSeenBefore(now.minus(idleTimeout), now)) {
            Optional<String> reason = timeout(open.session(), now);
            if (reason.isPresent() && accounts.revokeSession(open.tokenHash(), now)) {
                ended.add(new TimedOut(open.session().username(), reason.get()));
            }
        }
        return ended;
    }

    private Optional<String> timeout(Session session, Instant now) {
        if (!now.isBefore(session.expires())) {
            return Optional.of("session lifetime reached");
        }
        if (!now.isBefore(session.lastSeen().plus(idleTimeout))) {
            return Optional.of("idle for " + idleTimeout.toMinutes() + " minutes");
        }
        return Optional.empty();
    }

    /** Ends the session; true when it was open. */
    boolean revoke(String token) {
        return token != null && accounts.revokeSession(hash(token), clock.instant());
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
