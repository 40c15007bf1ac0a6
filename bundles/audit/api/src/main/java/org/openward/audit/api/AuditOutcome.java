package org.openward.audit.api;

/** How it ended. */
public enum AuditOutcome {
    SUCCESS,
    /** The request was wrong or failed; nothing was changed. */
    FAILURE,
    /** The caller lacked the permission or the credentials. */
    DENIED
}
