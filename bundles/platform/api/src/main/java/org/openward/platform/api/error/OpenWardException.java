package org.openward.platform.api.error;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Base of every failure OpenWard reports to a caller. The message always starts with the code,
 * for example {@code OW-1101: birthDate must not be in the future}.
 */
public class OpenWardException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("OW-\\d{4}");

    private final String code;
    private final String detail;

    public OpenWardException(String code, String detail) {
        this(code, detail, null);
    }

    public OpenWardException(String code, String detail, Throwable cause) {
        super(checkCode(code) + ": " + Objects.requireNonNull(detail, "detail"), cause);
        this.code = code;
        this.detail = detail;
    }

    private static String checkCode(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("error code must look like OW-1234, was " + code);
        }
        return code;
    }

    /** The stable code, {@code OW-nnnn}. */
    public String code() {
        return code;
    }

    /** The message without its code. */
    public String detail() {
        return detail;
    }
}
