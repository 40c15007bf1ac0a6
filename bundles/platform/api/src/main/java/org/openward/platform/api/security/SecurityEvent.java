package org.openward.platform.api.security;

import java.time.Instant;
import java.util.Objects;

/** Something that happened at a door of the platform, reported to {@link SecurityEventListener}s. */
public final class SecurityEvent {

    /** What happened. */
    public enum Type {
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        LOGOUT,
        /** A session ended because it was idle too long or reached its lifetime. */
        SESSION_TIMEOUT,
        ACCESS_DENIED,
        USER_CREATED,
        /** Repeated failed logins locked the account for a while. */
        ACCOUNT_LOCKED,
        /** A user confirmed a new TOTP second factor. */
        MFA_ENROLLED,
        /** An administrator removed a user's second factor. */
        MFA_RESET,
        /** An administrator locked an account (no login, sessions ended) or unlocked it. */
        ACCOUNT_DISABLED,
        ACCOUNT_ENABLED,
        /** An administrator gave a user a role or took one away. */
        ROLE_GRANTED,
        ROLE_REVOKED,
        /** A clinician outside the patient's care opened the chart, stating a reason (a break-glass grant). */
        BREAK_GLASS_START,
        /** A break-glass grant expired or was ended by its holder. */
        BREAK_GLASS_END,
        /** An auditor reviewed a break-glass grant. */
        BREAK_GLASS_REVIEWED,
        /**
         * An administrator replaced a module's implementation while it kept serving
         * ({@code openward:module-update}). Listeners should expect more types in later minor
         * versions.
         */
        MODULE_UPDATED,
        /** An administrator returned a module to the implementation it ran before its last update. */
        MODULE_ROLLED_BACK
    }

    private final Type type;
    private final String username;
    private final String detail;
    private final String sourceAddress;
    private final Channel channel;
    private final String requestId;
    private final Instant time;
    private final String patientId;

    public SecurityEvent(Type type, String username, String detail, Channel channel,
            String sourceAddress, String requestId, Instant time) {
        this(type, username, detail, channel, sourceAddress, requestId, time, null);
    }

    /** An event about one patient's data, such as a break-glass grant. */
    public SecurityEvent(Type type, String username, String detail, Channel channel,
            String sourceAddress, String requestId, Instant time, String patientId) {
        this.type = Objects.requireNonNull(type, "type");
        this.username = Objects.requireNonNull(username, "username");
        this.detail = detail == null ? "" : detail;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.sourceAddress = Objects.requireNonNull(sourceAddress, "sourceAddress");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.time = Objects.requireNonNull(time, "time");
        this.patientId = patientId;
    }

    public Type type() {
        return type;
    }

    /** The account concerned: the caller, or the name someone tried to log in with. */
    public String username() {
        return username;
    }

    /** The permission refused, the user created, and so on; never a password. */
    public String detail() {
        return detail;
    }

    public Channel channel() {
        return channel;
    }

    public String sourceAddress() {
        return sourceAddress;
    }

    public String requestId() {
        return requestId;
    }

    public Instant time() {
        return time;
    }

    /** The patient whose data the event concerns, or {@code null}. */
    public String patientId() {
        return patientId;
    }
}
