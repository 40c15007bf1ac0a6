package org.openward.platform.impl.users;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.api.users.UserAccount;
import org.openward.platform.api.users.UserAdministration;
import org.openward.platform.impl.security.PlatformSecurity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component
public class UserAdministrationService implements UserAdministration {

    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{2,63}");
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 256;

    private final AccountStore accounts;
    private final PlatformSecurity security;
    /** Milliseconds, as the database keeps them: what is returned equals what is read back later. */
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

    @Activate
    public UserAdministrationService(@Reference AccountStore accounts, @Reference PlatformSecurity security) {
        this.accounts = accounts;
        this.security = security;
    }

    @Override
    public UserAccount createUser(String username, String displayName, char[] password, Set<String> roles) {
        try {
            security.checkPermission(PERMISSION_MANAGE);
            validate(username, displayName, password, roles);
            if (accounts.exists(username)) {
                throw new ConflictException("OW-0110", "a user named " + username + " already exists");
            }
            Caller caller = security.currentCaller();
            accounts.create(username, displayName.strip(), security.hashPassword(password), roles, clock.instant(),
                    caller.username());
            security.publish(SecurityEvent.Type.USER_CREATED, caller.username(),
                    "created user " + username + " with roles " + String.join(",", new TreeSet<>(roles)),
                    caller.channel(), caller.sourceAddress(), caller.requestId());
            return accounts.account(username).orElseThrow();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void validate(String username, String displayName, char[] password, Set<String> roles) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("OW-0101", "username",
                    "username must be 3 to 64 characters: lower case letters, digits, '.', '_' or '-', starting with a letter");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw new InvalidInputException("OW-0102", "displayName", "display name must be 1 to 200 characters");
        }
        if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            throw new InvalidInputException("OW-0103", "password",
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new InvalidInputException("OW-0104", "roles", "a user needs at least one role");
        }
        Set<String> unknown = new HashSet<>(roles);
        unknown.removeAll(accounts.roleNames());
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("OW-0105", "roles", "unknown roles: " + String.join(", ", unknown));
        }
    }

    @Override
    public Optional<UserAccount> findUser(String username) {
        security.checkPermission(PERMISSION_MANAGE);
        return accounts.account(username);
    }

    @Override
    public List<UserAccount> listUsers() {
        security.checkPermission(PERMISSION_MANAGE);
        return accounts.accounts();
    }

    @Override
    public void resetSecondFactor(String username) {
        security.checkPermission(PERMISSION_MANAGE);
        if (username == null || !accounts.resetTotp(username)) {
            throw new NotFoundException("OW-0111", "no user named " + username);
        }
        Caller caller = security.currentCaller();
        security.publish(SecurityEvent.Type.MFA_RESET, caller.username(), "reset the second factor of " + username,
                caller.channel(), caller.sourceAddress(), caller.requestId());
    }

    @Override
    public void setEnabled(String username, boolean enabled) {
        security.checkPermission(PERMISSION_MANAGE);
        Caller caller = security.currentCaller();
        if (!enabled && caller.username().equals(username)) {
            throw new ConflictException("OW-0112", "you cannot lock your own account; another administrator can");
        }
        if (username == null || !accounts.setEnabled(username, enabled)) {
            throw new NotFoundException("OW-0111", "no user named " + username);
        }
        int ended = enabled ? 0 : accounts.revokeSessionsOf(username, clock.instant());
        security.rolesChanged(username);
        security.publish(enabled ? SecurityEvent.Type.ACCOUNT_ENABLED : SecurityEvent.Type.ACCOUNT_DISABLED,
                caller.username(), enabled ? "unlocked user " + username
                        : "locked user " + username + "; " + ended + " open sessions ended",
                caller.channel(), caller.sourceAddress(), caller.requestId());
    }

    @Override
    public UserAccount grantRole(String username, String role) {
        return changeRole(username, role, true);
    }

    @Override
    public UserAccount revokeRole(String username, String role) {
        return changeRole(username, role, false);
    }

    private UserAccount changeRole(String username, String role, boolean grant) {
        security.checkPermission(PERMISSION_MANAGE);
        if (role == null || !accounts.roleNames().contains(role)) {
            throw new InvalidInputException("OW-0105", "role", "unknown role " + role + "; roles: "
                    + String.join(", ", accounts.roleNames()));
        }
        UserAccount account = (username == null ? Optional.<UserAccount>empty() : accounts.account(username))
                .orElseThrow(() -> new NotFoundException("OW-0111", "no user named " + username));
        if (grant == account.roles().contains(role)) {
            throw new ConflictException("OW-0113", username + (grant ? " already has" : " does not have")
                    + " the role " + role);
        }
        if (!grant && account.roles().size() == 1) {
            throw new ConflictException("OW-0114", role + " is the only role of " + username
                    + "; grant another first, or lock the account");
        }
        accounts.changeRole(username, role, grant);
        security.rolesChanged(username);
        Caller caller = security.currentCaller();
        security.publish(grant ? SecurityEvent.Type.ROLE_GRANTED : SecurityEvent.Type.ROLE_REVOKED, caller.username(),
                (grant ? "granted role " : "revoked role ") + role + (grant ? " to " : " from ") + username,
                caller.channel(), caller.sourceAddress(), caller.requestId());
        return accounts.account(username).orElseThrow();
    }

    @Override
    public List<String> roleNames() {
        return accounts.roleNames();
    }
}
