package org.openward.platform.impl.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.PasswordMatcher;
import org.apache.shiro.authc.credential.PasswordService;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.cache.MemoryConstrainedCacheManager;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;
import org.openward.platform.impl.users.AccountStore;
import org.openward.platform.impl.users.AccountStore.Credentials;

/**
 * Shiro realm over the platform tables: passwords checked against Argon2id hashes, permissions
 * from the roles' grants. Authorization is cached per principal until the account's roles
 * change or it logs in again.
 */
final class PlatformRealm extends AuthorizingRealm {

    /** Permissions every signed-in user holds over their own account. */
    static final String SELF = "platform:self:*";
    /** The one permission of a session that must enrol a second factor first. */
    static final String SELF_MFA = "platform:self:mfa";

    private final AccountStore accounts;
    private final Clock clock;
    /**
     * Unknown, disabled and locked accounts are checked against this hash of a random password, so
     * that they cost the same time as a wrong password and can never match.
     */
    private final String decoyHash;

    PlatformRealm(AccountStore accounts, PasswordService passwords, Clock clock) {
        super(new MemoryConstrainedCacheManager());
        this.accounts = accounts;
        this.clock = clock;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.decoyHash = passwords.encryptPassword(Base64.getEncoder().encodeToString(random));
        PasswordMatcher matcher = new PasswordMatcher();
        matcher.setPasswordService(passwords);
        setCredentialsMatcher(matcher);
        setAuthenticationTokenClass(UsernamePasswordToken.class);
        setAuthenticationCachingEnabled(false);
        setAuthorizationCachingEnabled(true);
        setName("openward");
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) throws AuthenticationException {
        String username = ((UsernamePasswordToken) token).getUsername();
        Optional<Credentials> account = username == null ? Optional.empty() : accounts.credentials(username);
        String hash = account.filter(Credentials::enabled)
                .filter(a -> !a.lockedAt(clock.instant()))
                .map(Credentials::passwordHash)
                .orElse(decoyHash);
        return new SimpleAuthenticationInfo(new Principals.User(String.valueOf(username)), hash, getName());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        Object principal = principals.getPrimaryPrincipal();
        SimpleAuthorizationInfo info = new SimpleAuthorizationInfo();
        Set<String> roles;
        if (principal instanceof Principals.System) {
            info.addStringPermission("*");
            return info;
        } else if (principal instanceof Principals.ShellUser shell) {
            roles = shell.roles();
        } else if (principal instanceof Principals.User user) {
            roles = accounts.rolesOf(user.username());
            info.addStringPermission(SELF);
        } else if (principal instanceof Principals.Enrolling) {
            info.addStringPermission(SELF_MFA);
            return info;
        } else {
            return info;
        }
        info.addRoles(roles);
        info.addStringPermissions(accounts.permissionsOf(roles));
        return info;
    }

    /** The roles these principals hold, from the cache when it has them. */
    Set<String> roles(PrincipalCollection principals) {
        AuthorizationInfo info = getAuthorizationInfo(principals);
        return info == null || info.getRoles() == null ? Set.of() : Set.copyOf(info.getRoles());
    }

    /** Forget what is cached for a user, after a role change or at login. */
    void forget(PrincipalCollection principals) {
        clearCachedAuthorizationInfo(principals);
    }
}
