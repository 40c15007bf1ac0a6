package org.openward.platform.impl.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.openward.platform.api.users.UserAccount;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Users, roles and sessions in the platform tables. No permission checks here: callers do them. */
@Component(service = AccountStore.class)
public class AccountStore {

    /** What authentication needs to know about an account. */
    public record Credentials(String username, String passwordHash, boolean enabled) {
    }

    /** What token validation needs to know about a session. */
    public record Session(String username, Instant lastSeen, Instant expires, boolean revoked) {
    }

    private final PlatformDatabase db;

    @Activate
    public AccountStore(@Reference PlatformDatabase db) {
        this.db = db;
    }

    public Optional<Credentials> credentials(String username) {
        return db.tx(em -> Optional.ofNullable(em.find(UserEntity.class, username))
                .map(u -> new Credentials(u.getUsername(), u.getPasswordHash(), u.isEnabled())));
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

    public void openSession(String tokenHash, String username, String sourceAddress, Instant now, Instant expires) {
        db.tx(em -> {
            em.persist(new SessionEntity(tokenHash, username, sourceAddress, Timestamp.from(now), Timestamp.from(expires)));
            return null;
        });
    }

    public Optional<Session> session(String tokenHash) {
        return db.tx(em -> Optional.ofNullable(em.find(SessionEntity.class, tokenHash))
                .map(s -> new Session(s.getUsername(), s.getLastSeenAt().toInstant(),
                        s.getExpiresAt().toInstant(), s.getRevokedAt() != null)));
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

    public void revokeSession(String tokenHash, Instant now) {
        db.tx(em -> {
            SessionEntity s = em.find(SessionEntity.class, tokenHash);
            if (s != null && s.getRevokedAt() == null) {
                s.revoke(Timestamp.from(now));
            }
            return null;
        });
    }

    private static UserAccount toAccount(UserEntity u) {
        return new UserAccount(u.getUsername(), u.getDisplayName(), u.getRoles(), u.isEnabled(),
                u.getCreatedAt().toInstant());
    }
}
