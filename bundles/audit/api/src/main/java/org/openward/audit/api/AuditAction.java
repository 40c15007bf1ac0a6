package org.openward.audit.api;

/** What was done. */
public enum AuditAction {
    CREATE,
    READ,
    UPDATE,
    DELETE,
    SEARCH,
    /** An operation that is none of the above, such as an import. */
    EXECUTE,
    LOGIN,
    LOGOUT,
    /** A caller was refused a permission. */
    ACCESS_DENIED,
    /** A user account was created or changed. */
    USER_CHANGE
}
