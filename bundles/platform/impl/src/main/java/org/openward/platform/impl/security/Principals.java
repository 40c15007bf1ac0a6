package org.openward.platform.impl.security;

import java.util.Set;

/** The kinds of principal the platform realm knows. */
final class Principals {

    private Principals() {
    }

    /** A person with an OpenWard account, authenticated by password or bearer token. */
    record User(String username) {
    }

    /**
     * A member of staff who must enrol a second factor before anything else: holds only the
     * permission to do so.
     */
    record Enrolling(String username) {
    }

    /**
     * A Karaf shell user. Shell logins are Karaf's (JAAS); their roles map by name onto
     * OpenWard roles.
     */
    record ShellUser(String username, Set<String> roles) {
    }

    /** The platform acting on its own behalf, for a named purpose. */
    record System(String purpose) {
    }
}
