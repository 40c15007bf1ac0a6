package org.openward.platform.api.security;

import org.openward.platform.api.error.OpenWardException;

/** Nobody is logged in, or the credentials are wrong or expired (HTTP 401). */
public class NotAuthenticatedException extends OpenWardException {

    private static final long serialVersionUID = 1L;

    public NotAuthenticatedException(String detail) {
        super("OW-0401", detail);
    }
}
