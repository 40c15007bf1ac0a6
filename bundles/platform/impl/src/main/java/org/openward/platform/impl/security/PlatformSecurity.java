package org.openward.platform.impl.security;

import java.security.AccessController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.DefaultPasswordService;
import org.apache.shiro.authc.credential.PasswordService;
import org.apache.shiro.mgt.DefaultSecurityManager;
import org.apache.shiro.mgt.DefaultSessionStorageEvaluator;
import org.apache.shiro.mgt.DefaultSubjectDAO;
import org.apache.shiro.subject.PrincipalCollection;
import org.apache.shiro.subject.SimplePrincipalCollection;
import org.apache.shiro.subject.Subject;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.Channel;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.api.security.SecurityEventListener;
import org.openward.platform.impl.users.AccountStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's security core on Apache Shiro: password logins, bearer tokens, the caller bound
 * to each thread of work, and permission checks ({@link AccessControl}).
 */
@Component(service = {AccessControl.class, PlatformSecurity.class}, configurationPid = "org.openward.security")
@Designate(ocd = PlatformSecurity.Config.class)
public class PlatformSecurity implements AccessControl {

    @ObjectClassDefinition(name = "OpenWard security",
            description = "Sessions of the HTTP front door.")
    public @interface Config {

        @AttributeDefinition(name = "Idle timeout (minutes)",
                description = "A bearer token unused for this long stops working.")
        int tokenIdleTimeoutMinutes() default 15;

        @AttributeDefinition(name = "Token lifetime (hours)",
                description = "A bearer token stops working this long after login, used or not.")
        int tokenLifetimeHours() default 12;
    }

    /** A successful login. */
    public record Login(String token, Instant expires, String username, Set<String> roles) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlatformSecurity.class);

    private record Binding(Caller caller, Subject subject) {
    }

    private final ThreadLocal<Binding> bound = new ThreadLocal<>();
    private final List<SecurityEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AccountStore accounts;
    private final PasswordService passwords;
    private final PlatformRealm realm;
    private final DefaultSecurityManager securityManager;
    private final BearerTokens tokens;
    /** Milliseconds, as the database keeps them: what is returned equals what is read back later. */
    private final Clock clock;

    @Activate
    public PlatformSecurity(@Reference AccountStore accounts, Config config) {
        this(accounts, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)),
                Duration.ofMinutes(config.tokenIdleTimeoutMinutes()), Duration.ofHours(config.tokenLifetimeHours()));
    }

    /**
     * For tests outside OSGi and for the DS constructor.
     *
     * @param clock at millisecond resolution, as the database keeps time
     */
    public PlatformSecurity(AccountStore accounts, Clock clock, Duration tokenIdleTimeout, Duration tokenLifetime) {
        this.accounts = accounts;
        this.clock = clock;
        this.passwords = new DefaultPasswordService();
        this.realm = new PlatformRealm(accounts, passwords);
        this.securityManager = new DefaultSecurityManager(realm);
        DefaultSubjectDAO subjects = (DefaultSubjectDAO) securityManager.getSubjectDAO();
        ((DefaultSessionStorageEvaluator) subjects.getSessionStorageEvaluator()).setSessionStorageEnabled(false);
        this.tokens = new BearerTokens(accounts, clock, tokenIdleTimeout, tokenLifetime);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(SecurityEventListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SecurityEventListener listener) {
        listeners.remove(listener);
    }

    /** Hashes a new password with the configured slow hash (Argon2id). */
    public String hashPassword(char[] password) {
        return passwords.encryptPassword(password);
    }

    /**
     * Checks a password and opens a session. Unknown users, disabled accounts and wrong
     * passwords all fail the same way, in about the same time.
     *
     * @throws NotAuthenticatedException when the credentials are not accepted
     */
    public Login login(String username, char[] password, String sourceAddress, String requestId) {
        authenticate(username, password, Channel.HTTP, sourceAddress, requestId);
        BearerTokens.Issued issued = tokens.issue(username, sourceAddress);
        publish(SecurityEvent.Type.LOGIN_SUCCEEDED, username, "", Channel.HTTP, sourceAddress, requestId);
        return new Login(issued.token(), issued.expires(), username, accounts.rolesOf(username));
    }

    /**
     * Checks the password of someone opening a Karaf shell session (SSH, bin/client).
     *
     * @return the user's OpenWard roles
     * @throws NotAuthenticatedException when the credentials are not accepted
     */
    public Set<String> authenticateShellUser(String username, char[] password) {
        String requestId = UUID.randomUUID().toString();
        authenticate(username, password, Channel.SHELL, "shell", requestId);
        publish(SecurityEvent.Type.LOGIN_SUCCEEDED, username, "", Channel.SHELL, "shell", requestId);
        return accounts.rolesOf(username);
    }

    private void authenticate(String username, char[] password, Channel channel, String sourceAddress,
            String requestId) {
        UsernamePasswordToken token = new UsernamePasswordToken(username, password);
        try {
            securityManager.authenticate(token);
        } catch (AuthenticationException e) {
            publish(SecurityEvent.Type.LOGIN_FAILED, username, "", channel, sourceAddress, requestId);
            throw new NotAuthenticatedException("invalid username or password");
        } finally {
            token.clear();
            Arrays.fill(password, '\0');
        }
        realm.forget(principals(new Principals.User(username)));
    }

    /** Ends the session of this token; the token stops working at once. */
    public void logout(String token) {
        Caller caller = currentCaller();
        tokens.revoke(token);
        publish(SecurityEvent.Type.LOGOUT, caller.username(), "", caller.channel(), caller.sourceAddress(),
                caller.requestId());
    }

    /**
     * Runs work as the owner of a bearer token.
     *
     * @throws NotAuthenticatedException when the token is unknown, expired or revoked
     */
    public <T> T callWithToken(String token, String sourceAddress, String requestId, Supplier<T> work) {
        String username = tokens.validate(token)
                .orElseThrow(() -> new NotAuthenticatedException("missing, invalid or expired bearer token"));
        return callAs(new Caller(username, Channel.HTTP, sourceAddress, requestId), new Principals.User(username), work);
    }

    /** The roles the current caller holds. */
    public Set<String> currentRoles() {
        return realm.roles(binding().subject().getPrincipals());
    }

    /** Forget cached grants for a user whose roles changed. */
    public void rolesChanged(String username) {
        realm.forget(principals(new Principals.User(username)));
    }

    /** Tell the listeners (the audit trail) that something happened at a door. */
    public void publish(SecurityEvent.Type type, String username, String detail, Channel channel,
            String sourceAddress, String requestId) {
        SecurityEvent event = new SecurityEvent(type, username, detail, channel, sourceAddress, requestId, clock.instant());
        for (SecurityEventListener listener : listeners) {
            try {
                listener.onSecurityEvent(event);
            } catch (RuntimeException e) {
                LOG.error("Security event listener {} failed on {} for {}", listener, type, username, e);
            }
        }
    }

    @Override
    public Caller currentCaller() {
        return binding().caller();
    }

    @Override
    public boolean isPermitted(String permission) {
        Binding binding = bound.get();
        return binding != null && binding.subject().isPermitted(permission);
    }

    @Override
    public void checkPermission(String permission) {
        Binding binding = binding();
        if (!binding.subject().isPermitted(permission)) {
            Caller caller = binding.caller();
            publish(SecurityEvent.Type.ACCESS_DENIED, caller.username(), permission, caller.channel(),
                    caller.sourceAddress(), caller.requestId());
            throw new AccessDeniedException(permission);
        }
    }

    @Override
    @SuppressWarnings("removal")
    public <T> T callAsShellUser(Supplier<T> work) {
        javax.security.auth.Subject jaas = javax.security.auth.Subject.getSubject(AccessController.getContext());
        if (jaas == null) {
            throw new NotAuthenticatedException("this thread runs no shell session");
        }
        String username = jaas.getPrincipals(UserPrincipal.class).stream()
                .map(UserPrincipal::getName)
                .findFirst()
                .orElseThrow(() -> new NotAuthenticatedException("the shell session has no user"));
        Set<String> roles = jaas.getPrincipals(RolePrincipal.class).stream()
                .map(RolePrincipal::getName)
                .collect(Collectors.toUnmodifiableSet());
        Caller caller = new Caller(username, Channel.SHELL, "shell", UUID.randomUUID().toString());
        return callAs(caller, new Principals.ShellUser(username, roles), work);
    }

    @Override
    public <T> T callAsSystem(String purpose, Supplier<T> work) {
        Caller caller = new Caller("system:" + purpose, Channel.SYSTEM, "system", UUID.randomUUID().toString());
        return callAs(caller, new Principals.System(purpose), work);
    }

    private <T> T callAs(Caller caller, Object principal, Supplier<T> work) {
        Subject subject = new Subject.Builder(securityManager)
                .principals(principals(principal))
                .authenticated(true)
                .sessionCreationEnabled(false)
                .buildSubject();
        Binding previous = bound.get();
        bound.set(new Binding(caller, subject));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                bound.remove();
            } else {
                bound.set(previous);
            }
        }
    }

    private PrincipalCollection principals(Object principal) {
        return new SimplePrincipalCollection(principal, realm.getName());
    }

    private Binding binding() {
        Binding binding = bound.get();
        if (binding == null) {
            throw new NotAuthenticatedException("no caller is bound to this thread");
        }
        return binding;
    }
}
