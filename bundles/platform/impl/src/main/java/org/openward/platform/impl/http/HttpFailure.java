package org.openward.platform.impl.http;

import org.openward.platform.api.error.OpenWardException;

/** A refusal that only makes sense at the HTTP door: wrong media type, unacceptable format. */
final class HttpFailure extends OpenWardException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpFailure(int status, String code, String detail) {
        super(code, detail);
        this.status = status;
    }

    int status() {
        return status;
    }

    static HttpFailure unsupportedMediaType(String expected) {
        return new HttpFailure(415, "OW-0415", "send the request body as " + expected);
    }

    static HttpFailure neverDeleted() {
        return new HttpFailure(405, "OW-0407", "OpenWard never deletes a record; to correct one, update it with"
                + " status 'entered-in-error' and the reason (docs/errors.md)");
    }

    static HttpFailure notAcceptable(String offered) {
        return new HttpFailure(406, "OW-0406", "this server answers in " + offered + " only");
    }
}
