package org.openward.platform.api.users;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, changes and lists user accounts. Every method needs {@link #PERMISSION_MANAGE} except
 * {@link #roleNames()}. Passwords are stored only as slow salted hashes (Argon2id).
 */
@ProviderType
public interface UserAdministration {

    /** Held by administrators: create, change and list accounts. */
    String PERMISSION_MANAGE = "platform:user:manage";

    /**
     * Creates an enabled account.
     *
     * @param password read once and then overwritten with zeros
     * @throws org.openward.platform.api.error.InvalidInputException for a bad username, an
     *         unknown role or a password shorter than 12 characters
     * @throws org.openward.platform.api.error.ConflictException when the username is taken
     */
    UserAccount createUser(String username, String displayName, char[] password, Set<String> roles);

    Optional<UserAccount> findUser(String username);

    List<UserAccount> listUsers();

    /**
     * Removes a user's second factor (a lost phone, say): at the next login they enrol a new
     * one. Reported to the audit trail.
     *
     * @throws org.openward.platform.api.error.NotFoundException when there is no such user
     */
    void resetSecondFactor(String username);

    /**
     * Locks an account (no login, and its open sessions end at once) or unlocks it (which also
     * lifts a lock left by failed logins). Administrators cannot lock themselves out. Audited.
     *
     * @throws org.openward.platform.api.error.NotFoundException when there is no such user
     */
    void setEnabled(String username, boolean enabled);

    /**
     * Gives a user one more role; their next request has its permissions. Audited.
     *
     * @throws org.openward.platform.api.error.InvalidInputException for an unknown role
     * @throws org.openward.platform.api.error.NotFoundException when there is no such user
     */
    UserAccount grantRole(String username, String role);

    /**
     * Takes a role from a user; their next request is without its permissions. A user keeps at
     * least one role. Audited.
     *
     * @throws org.openward.platform.api.error.ConflictException when it is the user's last role
     *         or one they do not hold
     */
    UserAccount revokeRole(String username, String role);

    /** The roles accounts can hold, sorted by name. */
    List<String> roleNames();
}
