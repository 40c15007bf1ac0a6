package org.openward.platform.impl.security;

import java.time.Duration;

/**
 * How logins and sessions are protected, from the security configuration.
 *
 * @param idleTimeout a token unused this long stops working
 * @param lifetime a token stops working this long after login
 * @param mfaRequired whether staff (every role but {@code patient}) must use a TOTP second factor
 * @param lockoutThreshold consecutive failed logins that lock an account
 * @param firstLock how long the first lock lasts; each further failure doubles it
 * @param longestLock the most a lock lasts
 */
public record LoginPolicy(Duration idleTimeout, Duration lifetime, boolean mfaRequired, int lockoutThreshold,
        Duration firstLock, Duration longestLock) {

    /** The shipped defaults: 15 minutes idle, 12 hours, MFA for staff, 5 failures, 1 to 30 minutes. */
    public static LoginPolicy defaults() {
        return new LoginPolicy(Duration.ofMinutes(15), Duration.ofHours(12), true, 5, Duration.ofMinutes(1),
                Duration.ofMinutes(30));
    }

    public LoginPolicy withMfaRequired(boolean required) {
        return new LoginPolicy(idleTimeout, lifetime, required, lockoutThreshold, firstLock, longestLock);
    }

    /** How long to lock an account after this many consecutive failures; {@code null} for not at all. */
    public Duration lockFor(int failures) {
        if (failures < lockoutThreshold) {
            return null;
        }
        int doublings = Math.min(failures - lockoutThreshold, 20);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return lock.compareTo(longestLock) > 0 ? longestLock : lock;
    }
}
