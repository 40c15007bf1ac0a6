package org.openward.platform.impl.http;

import java.sql.SQLException;
import java.util.Locale;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response.Status;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.error.OpenWardException;
import org.openward.platform.api.persistence.Transactions;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.impl.modules.RequestGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each failure is answered at the front door: one status and one FHIR issue type per
 * exception type, and a coded message that never carries a stack trace.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    /** The answer to give. {@code issueType} is the FHIR IssueType code. */
    record Answer(int status, String issueType, String code, String message, String field) {
    }

    private Failures() {
    }

    /** The SQL state and message of the first database error behind a failure, for the log. */
    private static String databaseReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState() + " " + sql.getMessage();
            }
        }
        return "nothing";
    }

    /** The answer to a failure, logged when the server, not the caller, is at fault. */
    static Answer report(Throwable failure, String requestId) {
        Answer answer = answer(failure, requestId);
        if (answer.status() == 503) {
            LOG.warn("Request {} refused for now: {}; the database said {}", requestId, failure.toString(),
                    databaseReason(failure));
        } else if (answer.status() >= 500) {
            LOG.error("Request {} failed", requestId, failure);
        }
        return answer;
    }

    static Answer answer(Throwable failure, String requestId) {
        if (failure instanceof HttpFailure e) {
            return new Answer(e.status(), e.status() == 415 || e.status() == 405 ? "not-supported" : "invalid", e.code(), e.getMessage(), null);
        }
        if (failure instanceof InvalidInputException e) {
            return new Answer(400, "invalid", e.code(), e.getMessage(), e.field());
        }
        if (failure instanceof NotFoundException e) {
            return new Answer(404, "not-found", e.code(), e.getMessage(), null);
        }
        if (failure instanceof ConflictException e) {
            return new Answer(409, "conflict", e.code(), e.getMessage(), null);
        }
        if (failure instanceof AccessDeniedException e) {
            return new Answer(403, "forbidden", e.code(), e.getMessage(), null);
        }
        if (failure instanceof NotAuthenticatedException e) {
            return new Answer(401, "login", e.code(), e.getMessage(), null);
        }
        if (failure instanceof OpenWardException e) {
            return new Answer(400, "processing", e.code(), e.getMessage(), null);
        }
        if (failure instanceof UnrecognizedPropertyException e) {
            return new Answer(400, "invalid", "OW-0031", "OW-0031: unknown field '" + e.getPropertyName() + "'",
                    e.getPropertyName());
        }
        if (failure instanceof JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Answer(400, "invalid", "OW-0030", "OW-0030: the request body is not valid JSON" + where, null);
        }
        if (failure instanceof RequestGate.GateClosedException e) {
            return new Answer(503, "transient", "OW-0520", e.getMessage(), null);
        }
        if (Transactions.refusedForContention(failure)) {
            return new Answer(503, "transient", "OW-0503",
                    "OW-0503: the database is busy and undid this request; nothing was changed, try again", null);
        }
        if (failure instanceof UnsupportedOperationException) {
            return new Answer(405, "not-supported", "OW-0405", "OW-0405: this interaction is not supported here", null);
        }
        if (failure instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status < 500) {
                String reason = Status.fromStatusCode(status) == null ? "request refused"
                        : Status.fromStatusCode(status).getReasonPhrase().toLowerCase(Locale.ROOT);
                String code = String.format("OW-%04d", status);
                return new Answer(status, status == 404 ? "not-found" : "invalid", code, code + ": " + reason, null);
            }
        }
        return new Answer(500, "exception", "OW-0500",
                "OW-0500: internal error; quote request id " + requestId + " to your administrator", null);
    }
}
