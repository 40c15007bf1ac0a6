package org.openward.platform.api.error;

/** The thing asked for does not exist, or the caller may not know that it exists. */
public class NotFoundException extends OpenWardException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String code, String detail) {
        super(code, detail);
    }
}
