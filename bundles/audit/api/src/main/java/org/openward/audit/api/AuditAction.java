package org.openward.audit.api;

/** What was done. */
public enum AuditAction {
    CREATE,
    READ,
    UPDATE,
    DELETE,
    SEARCH,
    /** An operation that is none of the above, such as an import or a verification. */
    EXECUTE,
    LOGIN,
    LOGOUT,
    /** A session ended because it was idle too long or reached its lifetime. */
    SESSION_TIMEOUT,
    /** A caller was refused a permission. */
    ACCESS_DENIED,
    /** A clinician opened a chart outside their care relationships, giving a reason. */
    BREAK_GLASS_START,
    /** Such emergency access ended: it expired or was closed. */
    BREAK_GLASS_END,
    /** A user account, its roles or its second factor were created or changed. */
    USER_CHANGE,
    /** The runtime's configuration was created, changed or deleted. */
    CONFIGURATION_CHANGE,
    /** A module was installed, updated or uninstalled. */
    MODULE_CHANGE
}
