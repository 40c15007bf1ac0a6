package org.openward.platform.impl.http;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;


/** Every failure on {@code /api} becomes an {@link ApiError}; never a stack trace. */
final class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        String requestId = GatewayServlet.requestId(request);
        Failures.Answer answer = Failures.report(failure, requestId);
        Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(answer, requestId));
        if (answer.status() == 503) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
