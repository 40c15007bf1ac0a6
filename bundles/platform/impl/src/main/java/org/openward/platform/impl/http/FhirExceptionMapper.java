package org.openward.platform.impl.http;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;


/** Every failure on {@code /fhir} becomes an OperationOutcome; never a stack trace. */
final class FhirExceptionMapper implements ExceptionMapper<Throwable> {

    private final FhirResponses responses;

    @Context
    private HttpServletRequest request;

    FhirExceptionMapper(FhirResponses responses) {
        this.responses = responses;
    }

    @Override
    public Response toResponse(Throwable failure) {
        String requestId = GatewayServlet.requestId(request);
        Failures.Answer answer = Failures.report(failure, requestId);
        String expression = answer.field() == null ? null : resourceType() + "." + answer.field();
        Response response = responses.outcome(answer.status(), answer.issueType(), answer.message(), expression);
        return answer.status() == 503 ? Response.fromResponse(response).header("Retry-After", "1").build() : response;
    }

    private String resourceType() {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2) {
            return "Bundle";
        }
        int end = path.indexOf('/', 1);
        return end < 0 ? path.substring(1) : path.substring(1, end);
    }
}
