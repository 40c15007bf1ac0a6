package org.openward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.openward.platform.impl.cds.PlatformCdsHooks;
import org.openward.platform.impl.events.EventDispatcher;
import org.openward.platform.impl.events.OutboxPublisher;
import org.openward.platform.impl.security.BreakGlassGrants;
import org.openward.platform.impl.security.LoginPolicy;
import org.openward.platform.impl.security.PlatformSecurity;
import org.openward.platform.impl.users.AccountStore;
import org.openward.platform.impl.users.PlatformDatabase;
import org.openward.platform.impl.users.SecretBox;
import org.openward.platform.impl.users.UserAdministrationService;

/**
 * The platform's security and accounts on a test database, wired by hand as Declarative
 * Services would wire them: for the unit tests of every bundle.
 */
public final class Platform {

    public final MutableClock clock = new MutableClock();
    /** The platform's persistence unit. */
    public final PlatformDatabase db;
    public final AccountStore accounts;
    public final PlatformSecurity security;
    public final UserAdministrationService users;
    /** Break-glass grants, lasting an hour. */
    public final BreakGlassGrants breakGlass;
    /** Decision support hooks with a 500 ms limit; tests register the services they need. */
    public final PlatformCdsHooks decisionSupport;
    /** The event outbox; a test delivers what it holds with {@code eventDelivery.deliverAll()}. */
    public final OutboxPublisher events;
    public final EventDispatcher eventDelivery;

    /** With the shipped login policy, except that no second factor is required. */
    public Platform(TestDatabase database) {
        this(database, LoginPolicy.defaults().withMfaRequired(false));
    }

    public Platform(TestDatabase database, LoginPolicy policy) {
        db = new PlatformDatabase(database.migrator(PlatformDatabase.class), database.jpa("openward-platform"),
                database.transactions());
        accounts = new AccountStore(db, new SecretBox(secretsKey()));
        security = new PlatformSecurity(accounts, clock, policy, "OpenWard Test");
        users = new UserAdministrationService(accounts, security);
        breakGlass = new BreakGlassGrants(db, security, clock, Duration.ofMinutes(60));
        decisionSupport = new PlatformCdsHooks(security, Duration.ofMillis(500), 2);
        events = new OutboxPublisher(db, clock);
        eventDelivery = new EventDispatcher(db, security, clock);
    }

    private static Path secretsKey() {
        try {
            Path folder = Files.createTempDirectory("openward-secrets");
            folder.toFile().deleteOnExit();
            return folder.resolve("openward-secrets.key");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an account with one role; its password is {@code <username>-password}. */
    public void user(String username, String role) {
        security.callAsSystem("test", () -> users.createUser(username, username, (username + "-password").toCharArray(),
                Set.of(role)));
    }

    /** Logs in and returns the bearer token. */
    public String login(String username) {
        return security.login(username, (username + "-password").toCharArray(), null, "10.0.0.1", "login").token();
    }
}
