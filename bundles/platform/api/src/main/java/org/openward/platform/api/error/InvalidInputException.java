package org.openward.platform.api.error;

/**
 * The caller sent something that cannot be accepted. Nothing was changed. {@link #field()} names
 * the offending field as a dotted path in the resource, for example {@code name[0].family}.
 */
public class InvalidInputException extends OpenWardException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String code, String field, String detail) {
        super(code, detail);
        this.field = field;
    }

    /** The offending field, or {@code null} when the whole input is wrong. */
    public String field() {
        return field;
    }
}
