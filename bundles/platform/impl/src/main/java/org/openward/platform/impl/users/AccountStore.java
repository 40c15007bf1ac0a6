package org.openward.platform.impl.users;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

import org.openward.platform.api.users.UserAccount;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Users, roles and sessions in the platform tables. No permission checks here: callers do them. */
@Component(service = AccountStore.class)
public class AccountStore {

    /**
     * What authentication needs to know about an account.
     *
     * @param lockedUntil when the account takes logins again; {@code null} when it is not locked
     * @param totp the second factor, {@code null} when none was ever enrolled
     */
    public record Credentials(String username, String passwordHash, boolean enabled, Instant lockedUntil,
            SecondFactor totp, Set<String> roles) {

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }

        public boolean hasConfirmedTotp() {
            return totp != null && totp.confirmed();
        }
    }

    /**
     * A TOTP secret (Base32); once confirmed, {@code lastStep} is the last time step used.
     * {@code stored} is the secret as the database keeps it (sealed by the {@link SecretBox}).
     */
    public record SecondFactor(String secret, boolean confirmed, long lastStep, String stored) {
    }

    /** What token validation needs to know about a session. */
    public record Session(String username, String scope, Instant lastSeen, Instant expires, boolean revoked) {
    }

    private final PlatformDatabase db;
    private final SecretBox secrets;

    @Activate
    public AccountStore(@Reference PlatformDatabase db, @Reference SecretBox secrets) {
        this.db = db;
        this.secrets = secrets;
    }

    public Optional<Credentials> credentials(String username) {
        return db.tx(em -> Optional.ofNullable(em.find(UserEntity.class, username))
                .map(u -> new Credentials(u.getUsername(), u.getPasswordHash(), u.isEnabled(),
                        u.getLockedUntil() == null ? null : u.getLockedUntil().toInstant(),
                        u.getTotpSecret() == null ? null
                                : new SecondFactor(secrets.open(u.getTotpSecret(), u.getUsername()),
                                        u.isTotpConfirmed(), u.getTotpLastStep(), u.getTotpSecret()),
                        Set.copyOf(u.getRoles()))));
    }

    /**
     * Counts a failed login against an existing account, atomically, and locks the account when
     * the policy says so.
     *
     * @param lockFor how long to lock after this many consecutive failures; {@code null} for not at all
     * @return the number of consecutive failures, 0 when there is no such account
     */
    public int loginFailed(String username, Instant now, IntFunction<Duration> lockFor) {
        return db.tx(em -> {
            int updated = em.createQuery("UPDATE UserEntity u SET u.failedLogins = u.failedLogins + 1"
                    + " WHERE u.username = :username").setParameter("username", username).executeUpdate();
            if (updated == 0) {
                return 0;
            }
            int failures = em.createQuery("SELECT u.failedLogins FROM UserEntity u WHERE u.username = :username",
                    Integer.class).setParameter("username", username).getSingleResult();
            Duration lock = lockFor.apply(failures);
            if (lock != null) {
                em.createQuery("UPDATE UserEntity u SET u.lockedUntil = :until WHERE u.username = :username")
                        .setParameter("until", Timestamp.from(now.plus(lock)))
                        .setParameter("username", username)
                        .executeUpdate();
            }
            return failures;
        });
    }

    /** Clears the failure count and any lock after a complete login. */
    public void loginSucceeded(String username) {
        db.tx(em -> em.createQuery("UPDATE UserEntity u SET u.failedLogins = 0, u.lockedUntil = NULL"
                + " WHERE u.username = :username AND (u.failedLogins > 0 OR u.lockedUntil IS NOT NULL)")
                .setParameter("username", username).executeUpdate());
    }

    /**
     * Spends a TOTP time step: succeeds once per step, and only for steps later than any spent
     * before, even when two logins race with the same code.
     */
    public boolean spendTotpStep(String username, long step) {
        return db.tx(em -> em.createQuery("UPDATE UserEntity u SET u.totpLastStep = :step"
                + " WHERE u.username = :username AND u.totpConfirmed = TRUE AND u.totpLastStep < :step")
                .setParameter("step", step).setParameter("username", username).executeUpdate() == 1);
    }

    /** Keeps a new, unconfirmed TOTP secret; refused (false) when one is already confirmed. */
    public boolean startTotpEnrolment(String username, String secret) {
        return db.tx(em -> em.createQuery("UPDATE UserEntity u SET u.totpSecret = :secret, u.totpLastStep = 0"
                + " WHERE u.username = :username AND u.totpConfirmed = FALSE")
                .setParameter("secret", secrets.seal(secret, username)).setParameter("username", username)
                .executeUpdate() == 1);
    }

    /**
     * Activates the pending secret, spending the step of the code that proved it; refused when
     * another enrolment replaced that secret meanwhile.
     */
    public boolean confirmTotp(String username, SecondFactor pending, long step) {
        return db.tx(em -> em.createQuery("UPDATE UserEntity u SET u.totpConfirmed = TRUE, u.totpLastStep = :step"
                + " WHERE u.username = :username AND u.totpConfirmed = FALSE AND u.totpSecret = :stored")
                .setParameter("step", step).setParameter("username", username).setParameter("stored", pending.stored())
                .executeUpdate() == 1);
    }

    /** Removes the second factor, so that the user enrols again at the next login. */
    public boolean resetTotp(String username) {
        return db.tx(em -> em.createQuery("UPDATE UserEntity u SET u.totpSecret = NULL, u.totpConfirmed = FALSE,"
                + " u.totpLastStep = 0 WHERE u.username = :username")
                .setParameter("username", username).executeUpdate() == 1);
    }

    public Optional<UserAccount> account(String username) {
        return db.tx(em -> Optional.ofNullable(em.find(UserEntity.class, username)).map(AccountStore::toAccount));
    }

    public List<UserAccount> accounts() {
        return db.tx(em -> em.createQuery("SELECT u FROM UserEntity u ORDER BY u.username", UserEntity.class)
                .getResultList().stream().map(AccountStore::toAccount).toList());
    }

    public boolean exists(String username) {
        return db.tx(em -> em.find(UserEntity.class, username) != null);
    }

    public void create(String username, String displayName, String passwordHash, Set<String> roles,
            Instant now, String createdBy) {
        db.tx(em -> {
            em.persist(new UserEntity(username, displayName, passwordHash, roles, Timestamp.from(now), createdBy));
            return null;
        });
    }

    /** Locks or unlocks an account; unlocking also clears failed logins. False when there is no such user. */
    public boolean setEnabled(String username, boolean enabled) {
        return db.tx(em -> em.createQuery("UPDATE UserEntity u SET u.enabled = :enabled, u.failedLogins = 0,"
                + " u.lockedUntil = NULL WHERE u.username = :username")
                .setParameter("enabled", enabled).setParameter("username", username).executeUpdate() == 1);
    }

    /** Ends every open session of the user; how many were open. */
    public int revokeSessionsOf(String username, Instant now) {
        return db.tx(em -> em.createQuery("UPDATE SessionEntity s SET s.revokedAt = :now"
                + " WHERE s.username = :username AND s.revokedAt IS NULL")
                .setParameter("now", Timestamp.from(now)).setParameter("username", username).executeUpdate());
    }

    /** Adds or removes one of the user's roles; false when there is no such user. */
    public boolean changeRole(String username, String role, boolean grant) {
        return db.tx(em -> {
            UserEntity user = em.find(UserEntity.class, username);
            if (user == null) {
                return false;
            }
            if (grant) {
                user.getRoles().add(role);
            } else {
                user.getRoles().remove(role);
            }
            return true;
        });
    }

    public Set<String> rolesOf(String username) {
        return db.tx(em -> Optional.ofNullable(em.find(UserEntity.class, username))
                .filter(UserEntity::isEnabled)
                .map(u -> Set.copyOf(u.getRoles()))
                .orElse(Set.of()));
    }

    public List<String> roleNames() {
        return db.tx(em -> em.createQuery("SELECT r.name FROM RoleEntity r ORDER BY r.name", String.class)
                .getResultList());
    }

    /** The permissions granted to any of these roles; unknown roles grant nothing. */
    public Set<String> permissionsOf(Collection<String> roles) {
        if (roles.isEmpty()) {
            return Set.of();
        }
        return db.tx(em -> {
            Set<String> permissions = new HashSet<>();
            em.createQuery("SELECT r FROM RoleEntity r WHERE r.name IN :names", RoleEntity.class)
                    .setParameter("names", roles)
                    .getResultList()
                    .forEach(r -> permissions.addAll(r.getPermissions()));
            return permissions;
        });
    }

    public void openSession(String tokenHash, String username, String scope, String sourceAddress, Instant now,
            Instant expires) {
        db.tx(em -> {
            em.persist(new SessionEntity(tokenHash, username, scope, sourceAddress, Timestamp.from(now),
                    Timestamp.from(expires)));
            return null;
        });
    }

    public Optional<Session> session(String tokenHash) {
        return db.tx(em -> Optional.ofNullable(em.find(SessionEntity.class, tokenHash)).map(AccountStore::toSession));
    }

    public void touchSession(String tokenHash, Instant now) {
        db.tx(em -> {
            SessionEntity s = em.find(SessionEntity.class, tokenHash);
            if (s != null) {
                s.touch(Timestamp.from(now));
            }
            return null;
        });
    }

    /** An open session and the hash of its token. */
    public record OpenSession(String tokenHash, Session session) {
    }

    /** Open sessions whose lifetime ended or that were last seen before the given time. */
    public List<OpenSession> openSessionsSeenBefore(Instant lastSeen, Instant now) {
        return db.tx(em -> em.createQuery("SELECT s FROM SessionEntity s WHERE s.revokedAt IS NULL"
                + " AND (s.lastSeenAt <= :seen OR s.expiresAt <= :now)", SessionEntity.class)
                .setParameter("seen", Timestamp.from(lastSeen))
                .setParameter("now", Timestamp.from(now))
                .setMaxResults(1000)
                .getResultList().stream()
                .map(s -> new OpenSession(s.getTokenHash(), toSession(s)))
                .toList());
    }

    /** Ends a session; true when this call ended it, false when it had already ended. */
    public boolean revokeSession(String tokenHash, Instant now) {
        return db.tx(em -> em.createQuery("UPDATE SessionEntity s SET s.revokedAt = :now"
                + " WHERE s.tokenHash = :hash AND s.revokedAt IS NULL")
                .setParameter("now", Timestamp.from(now)).setParameter("hash", tokenHash).executeUpdate() == 1);
    }

    private static Session toSession(SessionEntity s) {
        return new Session(s.getUsername(), s.getScope(), s.getLastSeenAt().toInstant(), s.getExpiresAt().toInstant(),
                s.getRevokedAt() != null);
    }

    private static UserAccount toAccount(UserEntity u) {
        return new UserAccount(u.getUsername(), u.getDisplayName(), u.getRoles(), u.isEnabled(),
                u.getCreatedAt().toInstant());
    }
}
