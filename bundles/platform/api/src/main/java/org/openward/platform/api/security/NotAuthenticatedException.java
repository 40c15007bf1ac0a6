package org.openward.platform.api.security;

import org.openward.platform.api.error.OpenWardException;

/** Nobody is logged in, or the credentials are wrong or expired (HTTP 401). */
public class NotAuthenticatedException extends OpenWardException {

    private static final long serialVersionUID = 1L;

    public NotAuthenticatedException(String detail) {
        super("OW-0401", detail);
    }

    /** With a code other than OW-0401, for a login that needs one more step (OW-0402: a one-time code). */
    public NotAuthenticatedException(String code, String detail) {
        super(code, detail);
    }
}
