package org.openward.platform.api.error;

/**
 * The request is well formed but clashes with the current state: a duplicate identifier, or an
 * update made against a version that is no longer current.
 */
public class ConflictException extends OpenWardException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String code, String detail) {
        super(code, detail);
    }
}
