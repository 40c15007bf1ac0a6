package org.openward.platform.impl.security;

import java.security.AccessController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.Channel;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.api.security.SecurityEventListener;
import org.openward.platform.impl.users.AccountStore;
import org.openward.platform.impl.users.AccountStore.Credentials;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
@Component(service = {AccessControl.class, PlatformSecurity.class}, configurationPid = PlatformSecurity.PID)
@Designate(ocd = PlatformSecurity.Config.class)
public class PlatformSecurity implements AccessControl {

    public static final String PID = "org.openward.security";
    /** The symbolic names of OpenWard's own bundles start with this. */
    private static final String OWN_BUNDLES = "org.openward.";

    @ObjectClassDefinition(name = "OpenWard security",
            description = "Logins and sessions of the HTTP front door.")
    public @interface Config {

        @AttributeDefinition(name = "Idle timeout (minutes)",
                description = "A bearer token unused for this long stops working.")
        int tokenIdleTimeoutMinutes() default 15;

        @AttributeDefinition(name = "Token lifetime (hours)",
                description = "A bearer token stops working this long after login, used or not.")
        int tokenLifetimeHours() default 12;

        @AttributeDefinition(name = "Second factor required",
                description = "Staff (every role but patient) must sign in with a TOTP code; until they enrol"
                        + " one, a login only lets them enrol it.")
        boolean mfaRequired() default true;

        @AttributeDefinition(name = "Issuer shown in authenticator apps")
        String mfaIssuer() default "OpenWard";

        @AttributeDefinition(name = "Failed logins before a lock",
                description = "Consecutive failed logins that lock the account.")
        int lockoutThreshold() default 5;

        @AttributeDefinition(name = "First lock (minutes)",
                description = "How long the first lock lasts; each further failure doubles it.")
        int lockoutMinutes() default 1;

        @AttributeDefinition(name = "Longest lock (minutes)")
        int lockoutMaxMinutes() default 30;

        @AttributeDefinition(name = "Who may act as the system",
                description = "Symbolic name prefixes, comma-separated, of the bundles allowed to call"
                        + " AccessControl.callAsSystem. Plugins never are.")
        String systemCallers() default OWN_BUNDLES;

        @AttributeDefinition(name = "Break-glass grant (minutes)",
                description = "How long a clinician may open a chart outside their care after breaking the glass.")
        int breakGlassMinutes() default 60;
    }

    /**
     * A successful login.
     *
     * @param mfa {@code verified} (password and code), {@code enrolment-required} (the token may
     *        only enrol a second factor) or {@code not-enrolled} (password only, allowed here)
     */
    public record Login(String token, Instant expires, String username, Set<String> roles, String mfa) {
    }

    /** A second factor being enrolled: shown to the user once. */
    public record Enrolment(String secret, String uri, String algorithm, int digits, long period) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlatformSecurity.class);

    private record Binding(Caller caller, Subject subject) {
    }

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final ThreadLocal<Binding> bound = new ThreadLocal<>();
    private final List<SecurityEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AccountStore accounts;
    private final PasswordService passwords;
    private final PlatformRealm realm;
    private final DefaultSecurityManager securityManager;
    private final BearerTokens tokens;
    private final LoginPolicy policy;
    private final Totp totp = Totp.standard();
    private final String mfaIssuer;
    /** Milliseconds, as the database keeps them: what is returned equals what is read back later. */
    private final Clock clock;
    private ScheduledExecutorService sessionSweeper;
    private List<String> systemCallers = List.of(OWN_BUNDLES);

    @Activate
    public PlatformSecurity(@Reference AccountStore accounts, Config config) {
        this(accounts, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), new LoginPolicy(
                Duration.ofMinutes(config.tokenIdleTimeoutMinutes()), Duration.ofHours(config.tokenLifetimeHours()),
                config.mfaRequired(), config.lockoutThreshold(), Duration.ofMinutes(config.lockoutMinutes()),
                Duration.ofMinutes(config.lockoutMaxMinutes())), config.mfaIssuer());
        systemCallers = Stream.of(config.systemCallers().split(",")).map(String::strip)
                .filter(prefix -> !prefix.isEmpty()).toList();
        sessionSweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "openward-session-sweeper"));
        sessionSweeper.scheduleWithFixedDelay(this::endTimedOutSessions, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * For tests outside OSGi and for the DS constructor.
     *
     * @param clock at millisecond resolution, as the database keeps time
     */
    public PlatformSecurity(AccountStore accounts, Clock clock, LoginPolicy policy, String mfaIssuer) {
        this.accounts = accounts;
        this.clock = clock;
        this.policy = policy;
        this.mfaIssuer = mfaIssuer;
        this.passwords = new DefaultPasswordService();
        this.realm = new PlatformRealm(accounts, passwords, clock);
        this.securityManager = new DefaultSecurityManager(realm);
        DefaultSubjectDAO subjects = (DefaultSubjectDAO) securityManager.getSubjectDAO();
        ((DefaultSessionStorageEvaluator) subjects.getSessionStorageEvaluator()).setSessionStorageEnabled(false);
        this.tokens = new BearerTokens(accounts, clock, policy);
    }

    @Deactivate
    void deactivate() {
        if (sessionSweeper != null) {
            // not shutdownNow: no interrupt in the middle of a database write
            sessionSweeper.shutdown();
        }
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
     * Checks a password, and the one-time code when the account has a second factor, and opens
     * a session. Unknown users, disabled or locked accounts, wrong passwords and wrong codes
     * all fail the same way, in about the same time; only a correct password for an account
     * with a second factor is told that a code is missing.
     *
     * @param code the TOTP code, or {@code null}
     * @throws NotAuthenticatedException when the credentials are not accepted
     */
    public Login login(String username, char[] password, String code, String sourceAddress, String requestId) {
        Instant now = clock.instant();
        Optional<Credentials> account = accounts.credentials(username);
        checkPassword(username, password, account, now, Channel.HTTP, sourceAddress, requestId);
        Credentials credentials = account.orElseThrow();
        String mfa;
        String scope = BearerTokens.FULL;
        if (credentials.hasConfirmedTotp()) {
            checkCode(username, account, code, now, Channel.HTTP, sourceAddress, requestId);
            mfa = "verified";
        } else if (policy.mfaRequired() && isStaff(credentials.roles())) {
            scope = BearerTokens.MFA_ENROLMENT;
            mfa = "enrolment-required";
        } else {
            mfa = "not-enrolled";
        }
        accounts.loginSucceeded(username);
        BearerTokens.Issued issued = tokens.issue(username, scope, sourceAddress);
        publish(SecurityEvent.Type.LOGIN_SUCCEEDED, username, "second factor: " + mfa, Channel.HTTP, sourceAddress,
                requestId);
        return new Login(issued.token(), issued.expires(), username, credentials.roles(), mfa);
    }

    /**
     * Asks the current caller to prove again who they are, as at login: the password, and the
     * one-time code when they have a second factor. Failures count towards the account's lock.
     * For acts that need more than an open session, such as breaking the glass.
     *
     * @throws NotAuthenticatedException when the credentials are not accepted
     */
    public void reauthenticate(char[] password, String code) {
        Caller caller = currentCaller();
        Instant now = clock.instant();
        Optional<Credentials> account = accounts.credentials(caller.username());
        checkPassword(caller.username(), password, account, now, caller.channel(), caller.sourceAddress(),
                caller.requestId());
        if (account.orElseThrow().hasConfirmedTotp()) {
            checkCode(caller.username(), account, code, now, caller.channel(), caller.sourceAddress(),
                    caller.requestId());
        }
        accounts.loginSucceeded(caller.username());
    }

    /** Checks the one-time code of an account with a confirmed second factor and spends its time step. */
    private void checkCode(String username, Optional<Credentials> account, String code, Instant now, Channel channel,
            String sourceAddress, String requestId) {
        Credentials credentials = account.orElseThrow();
        if (code == null || code.isBlank()) {
            publish(SecurityEvent.Type.LOGIN_FAILED, username, "password right, one-time code missing", channel,
                    sourceAddress, requestId);
            throw new NotAuthenticatedException("OW-0402", "a one-time code from the authenticator app is required");
        }
        OptionalLong step = totp.match(Totp.fromBase32(credentials.totp().secret()), code.strip(), now,
                credentials.totp().lastStep());
        if (step.isEmpty() || !accounts.spendTotpStep(username, step.getAsLong())) {
            refuse(username, account, now, "wrong or reused one-time code", channel, sourceAddress, requestId);
        }
    }

    /**
     * Checks the password of someone opening a Karaf shell session (SSH, bin/client). The shell
     * listens on this machine only; its logins are throttled and locked like any other.
     *
     * @return the user's OpenWard roles
     * @throws NotAuthenticatedException when the credentials are not accepted
     */
    public Set<String> authenticateShellUser(String username, char[] password) {
        String requestId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Optional<Credentials> account = accounts.credentials(username);
        checkPassword(username, password, account, now, Channel.SHELL, "shell", requestId);
        accounts.loginSucceeded(username);
        publish(SecurityEvent.Type.LOGIN_SUCCEEDED, username, "", Channel.SHELL, "shell", requestId);
        return account.orElseThrow().roles();
    }

    private void checkPassword(String username, char[] password, Optional<Credentials> account, Instant now,
            Channel channel, String sourceAddress, String requestId) {
        UsernamePasswordToken token = new UsernamePasswordToken(username, password);
        try {
            securityManager.authenticate(token);
        } catch (AuthenticationException e) {
            refuse(username, account, now, account.isEmpty() ? "unknown user"
                    : account.get().lockedAt(now) ? "account locked" : "wrong password", channel, sourceAddress,
                    requestId);
        } finally {
            token.clear();
            Arrays.fill(password, '\0');
        }
        realm.forget(principals(new Principals.User(username)));
    }

    /**
     * Counts the failure against the account (not while it is locked: an attacker cannot keep
     * extending a lock), locks it when the policy says so, reports, and refuses.
     */
    private void refuse(String username, Optional<Credentials> account, Instant now, String why, Channel channel,
            String sourceAddress, String requestId) {
        publish(SecurityEvent.Type.LOGIN_FAILED, username, why, channel, sourceAddress, requestId);
        if (account.isPresent() && !account.get().lockedAt(now)) {
            int failures = accounts.loginFailed(username, now, policy::lockFor);
            Duration lock = policy.lockFor(failures);
            if (lock != null) {
                publish(SecurityEvent.Type.ACCOUNT_LOCKED, username, failures + " failed logins in a row; locked for "
                        + lock.toMinutes() + " min", channel, sourceAddress, requestId);
            }
        }
        throw new NotAuthenticatedException("invalid username, password or one-time code");
    }

    private static boolean isStaff(Set<String> roles) {
        return roles.stream().anyMatch(role -> !"patient".equals(role));
    }

    /**
     * Starts enrolling a TOTP second factor for the caller: a new secret, shown once. Refused
     * when the caller already has a confirmed one (an administrator resets it).
     */
    public Enrolment startTotpEnrolment() {
        checkPermission(PlatformRealm.SELF_MFA);
        String username = currentCaller().username();
        byte[] secret = Totp.newSecret();
        if (!accounts.startTotpEnrolment(username, Totp.base32(secret))) {
            throw new ConflictException("OW-0130", "a second factor is already active for " + username
                    + "; an administrator can reset it (openward:user-mfa-reset)");
        }
        return new Enrolment(Totp.base32(secret), totp.uri(mfaIssuer, username, secret), "SHA1", 6,
                Totp.STEP_SECONDS);
    }

    /**
     * Confirms the pending second factor with a first code from the app. From then on the
     * caller logs in with password and code; an enrolment-only session ends here.
     */
    public void confirmTotpEnrolment(String code, String token) {
        checkPermission(PlatformRealm.SELF_MFA);
        Caller caller = currentCaller();
        Credentials credentials = accounts.credentials(caller.username()).orElseThrow();
        if (credentials.totp() == null || credentials.totp().confirmed()) {
            throw new ConflictException("OW-0131", "no second factor is being enrolled; start with /api/auth/mfa/enrol");
        }
        OptionalLong step = code == null ? OptionalLong.empty()
                : totp.match(Totp.fromBase32(credentials.totp().secret()), code.strip(), clock.instant(), 0);
        if (step.isEmpty() || !accounts.confirmTotp(caller.username(), credentials.totp(), step.getAsLong())) {
            throw new InvalidInputException("OW-0132", "code", "code: not the current code of the enrolled secret");
        }
        publish(SecurityEvent.Type.MFA_ENROLLED, caller.username(), "TOTP second factor enrolled", caller.channel(),
                caller.sourceAddress(), caller.requestId());
        if (currentPrincipal() instanceof Principals.Enrolling) {
            tokens.revoke(token);
        }
    }

    /** Ends every session past its idle timeout or lifetime, reporting each as a timeout. */
    public void endTimedOutSessions() {
        try {
            for (BearerTokens.TimedOut ended : tokens.endTimedOutSessions()) {
                publishTimeout(ended, UUID.randomUUID().toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not end timed-out sessions; trying again in a minute", e);
        }
    }

    private void publishTimeout(BearerTokens.TimedOut ended, String requestId) {
        publish(SecurityEvent.Type.SESSION_TIMEOUT, ended.username(), ended.reason(), Channel.HTTP, "system", requestId);
    }

    /** Ends the session of this token; the token stops working at once. */
    public void logout(String token) {
        Caller caller = currentCaller();
        if (!tokens.revoke(token)) {
            return;
        }
        publish(SecurityEvent.Type.LOGOUT, caller.username(), "", caller.channel(), caller.sourceAddress(),
                caller.requestId());
    }

    /**
     * Runs work as the owner of a bearer token.
     *
     * @throws NotAuthenticatedException when the token is unknown, expired or revoked
     */
    public <T> T callWithToken(String token, String sourceAddress, String requestId, Supplier<T> work) {
        BearerTokens.Check check = tokens.validate(token);
        if (check instanceof BearerTokens.Alive alive) {
            Object principal = BearerTokens.MFA_ENROLMENT.equals(alive.scope())
                    ? new Principals.Enrolling(alive.username()) : new Principals.User(alive.username());
            return callAs(new Caller(alive.username(), Channel.HTTP, sourceAddress, requestId), principal, work);
        }
        if (check instanceof BearerTokens.TimedOut ended) {
            publishTimeout(ended, requestId);
        }
        throw new NotAuthenticatedException("missing, invalid or expired bearer token");
    }

    /** The roles the current caller holds. */
    /** How long a bearer token may go unused before it stops working. */
    public Duration idleTimeout() {
        return policy.idleTimeout();
    }

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
        publish(new SecurityEvent(type, username, detail, channel, sourceAddress, requestId, clock.instant()));
    }

    /** Tell the listeners (the audit trail) that something happened at a door. */
    public void publish(SecurityEvent event) {
        for (SecurityEventListener listener : listeners) {
            try {
                listener.onSecurityEvent(event);
            } catch (RuntimeException e) {
                LOG.error("Security event listener {} failed on {} for {}", listener, event.type(), event.username(), e);
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
            if (binding.subject().getPrincipal() instanceof Principals.Enrolling) {
                throw new AccessDeniedException(permission, "enrol a second factor first (POST /api/auth/mfa/enrol),"
                        + " then sign in with a code");
            }
            throw new AccessDeniedException(permission);
        }
    }

    @Override
    public String confirmSecondPerson(String username, char[] password, String code, String permission) {
        Caller caller = currentCaller();
        if (username == null || username.isBlank() || password == null || password.length == 0) {
            throw new InvalidInputException("OW-0150", "witness", "the second person's username and password are required");
        }
        if (username.strip().equals(caller.username())) {
            throw new InvalidInputException("OW-0151", "witness", "the second check must be made by another person");
        }
        String witness = username.strip();
        Instant now = clock.instant();
        Optional<Credentials> account = accounts.credentials(witness);
        try {
            checkPassword(witness, password, account, now, caller.channel(), caller.sourceAddress(), caller.requestId());
            if (account.orElseThrow().hasConfirmedTotp()) {
                checkCode(witness, account, code, now, caller.channel(), caller.sourceAddress(), caller.requestId());
            }
        } catch (NotAuthenticatedException e) {
            throw new InvalidInputException("OW-0152", "witness", "the second person's credentials were not accepted"
                    + ("OW-0402".equals(e.code()) ? ": their one-time code is required" : ""));
        }
        accounts.loginSucceeded(witness);
        if (!securityManager.isPermitted(principals(new Principals.User(witness)), permission)) {
            publish(SecurityEvent.Type.ACCESS_DENIED, witness, permission + " (as second person for "
                    + caller.username() + ")", caller.channel(), caller.sourceAddress(), caller.requestId());
            throw new InvalidInputException("OW-0153", "witness", witness + " may not make this check (" + permission + ")");
        }
        realm.forget(principals(new Principals.User(witness)));
        publish(SecurityEvent.Type.LOGIN_SUCCEEDED, witness, "second person for " + caller.username() + ": "
                + permission, caller.channel(), caller.sourceAddress(), caller.requestId());
        return witness;
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

    /**
     * Only OpenWard's own bundles (by default) act as the system: a plugin that asks is refused,
     * whatever thread it asks on, and the attempt is logged. Outside OSGi (unit tests) no bundle
     * is asking.
     */
    @Override
    public <T> T callAsSystem(String purpose, Supplier<T> work) {
        Class<?> asking = STACK.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> type != PlatformSecurity.class).findFirst()).orElse(PlatformSecurity.class);
        Bundle bundle = FrameworkUtil.getBundle(asking);
        if (bundle != null && systemCallers.stream().noneMatch(bundle.getSymbolicName()::startsWith)) {
            Binding binding = bound.get();
            LOG.warn("Bundle {} {} asked to act as the system for '{}' and was refused (calling user: {})",
                    bundle.getSymbolicName(), bundle.getVersion(), purpose,
                    binding == null ? "none" : binding.caller().username());
            throw new IllegalCallerException("only OpenWard's own bundles may act as the system; "
                    + bundle.getSymbolicName() + " may not");
        }
        Caller caller = new Caller("system:" + purpose, Channel.SYSTEM, "system", UUID.randomUUID().toString());
        return callAs(caller, new Principals.System(purpose), work);
    }

    @Override
    public <T> Supplier<T> onBehalfOfPlugin(String pluginId, Supplier<T> work) {
        Binding current = binding();
        Binding plugin = new Binding(current.caller().throughPlugin(pluginId), current.subject());
        return () -> within(plugin, work);
    }

    private <T> T callAs(Caller caller, Object principal, Supplier<T> work) {
        Subject subject = new Subject.Builder(securityManager)
                .principals(principals(principal))
                .authenticated(true)
                .sessionCreationEnabled(false)
                .buildSubject();
        return within(new Binding(caller, subject), work);
    }

    private <T> T within(Binding binding, Supplier<T> work) {
        Binding previous = bound.get();
        bound.set(binding);
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

    private Object currentPrincipal() {
        return binding().subject().getPrincipal();
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
