package org.openward.platform.api.users;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates and lists user accounts. Every method needs {@link #PERMISSION_MANAGE} except
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

    /** The roles accounts can hold, sorted by name. */
    List<String> roleNames();
}
