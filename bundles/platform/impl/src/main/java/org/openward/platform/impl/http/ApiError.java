package org.openward.platform.impl.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every failure on {@code /api}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String code, String message, String field, String requestId) {

    static ApiError of(Failures.Answer answer, String requestId) {
        return new ApiError(answer.code(), answer.message(), answer.field(), requestId);
    }
}
