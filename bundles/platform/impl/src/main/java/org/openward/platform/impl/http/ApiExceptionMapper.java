package org.openward.platform.impl.http;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure on {@code /api} becomes an {@link ApiError}; never a stack trace. */
final class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionMapper.class);

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        String requestId = GatewayServlet.requestId(request);
        Failures.Answer answer = Failures.answer(failure, requestId);
        if (answer.status() == 503) {
            LOG.warn("Request {} rolled back by the database: {}", requestId, failure.toString());
        } else if (answer.status() >= 500) {
            LOG.error("Request {} failed", requestId, failure);
        }
        Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(answer, requestId));
        if (answer.status() == 503) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
