package org.openward.platform.api.security;

import org.openward.platform.api.error.OpenWardException;

/** The caller is known but lacks the permission the call needs (HTTP 403). */
public class AccessDeniedException extends OpenWardException {

    private static final long serialVersionUID = 1L;

    private final String permission;

    public AccessDeniedException(String permission) {
        super("OW-0403", "permission denied: " + permission);
        this.permission = permission;
    }

    /** With a hint on what the caller can do about it. */
    public AccessDeniedException(String permission, String hint) {
        super("OW-0403", "permission denied: " + permission + "; " + hint);
        this.permission = permission;
    }

    public String permission() {
        return permission;
    }
}
