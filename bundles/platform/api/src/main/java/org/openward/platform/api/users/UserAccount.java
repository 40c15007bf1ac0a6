package org.openward.platform.api.users;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** A user account as administrators see it. Never carries the password or its hash. */
public final class UserAccount {

    private final String username;
    private final String displayName;
    private final Set<String> roles;
    private final boolean enabled;
    private final Instant createdAt;

    public UserAccount(String username, String displayName, Set<String> roles, boolean enabled, Instant createdAt) {
        this.username = Objects.requireNonNull(username, "username");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.roles = Set.copyOf(roles);
        this.enabled = enabled;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String username() {
        return username;
    }

    public String displayName() {
        return displayName;
    }

    public Set<String> roles() {
        return roles;
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
