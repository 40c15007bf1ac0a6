package org.openward.platform.impl.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;

import org.junit.Test;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;

public class FailuresTest {

    @Test
    public void eachFailureHasItsStatusAndIssueType() {
        Failures.Answer invalid = Failures.answer(new InvalidInputException("OW-1105", "birthDate", "in the future"), "r");
        assertEquals(400, invalid.status());
        assertEquals("invalid", invalid.issueType());
        assertEquals("birthDate", invalid.field());
        assertEquals("OW-1105: in the future", invalid.message());
        assertEquals(404, Failures.answer(new org.openward.platform.api.error.NotFoundException("OW-1404", "x"), "r").status());
        assertEquals(409, Failures.answer(new ConflictException("OW-1409", "x"), "r").status());
        assertEquals(403, Failures.answer(new AccessDeniedException("a:b:c"), "r").status());
        assertEquals(401, Failures.answer(new NotAuthenticatedException("x"), "r").status());
        assertEquals(405, Failures.answer(new UnsupportedOperationException("update"), "r").status());
        assertEquals(415, Failures.answer(HttpFailure.unsupportedMediaType("application/fhir+json"), "r").status());
        assertEquals(406, Failures.answer(HttpFailure.notAcceptable("application/fhir+json"), "r").status());
        Failures.Answer unmatched = Failures.answer(new NotFoundException(), "r");
        assertEquals(404, unmatched.status());
        assertEquals("OW-0404", unmatched.code());
    }

    @Test
    public void aTransactionTheDatabaseRolledBackMayBeRetried() {
        RuntimeException deadlock = new RuntimeException("flush failed",
                new java.sql.SQLException("A lock could not be obtained", "40XL1"));
        Failures.Answer answer = Failures.answer(deadlock, "r");
        assertEquals(503, answer.status());
        assertEquals("transient", answer.issueType());
        assertEquals(500, Failures.answer(new RuntimeException(new java.sql.SQLException("disk full", "XSDG0")), "r").status());
        // the transaction manager could not enlist a pooled connection: statements may have run outside
        // the transaction, so the client must not be told that nothing changed
        assertEquals(500, Failures.answer(new IllegalStateException(new javax.transaction.RollbackException(
                "Transaction is marked for rollback")), "r").status());
    }

    @Test
    public void anythingElseIsAnInternalErrorThatRevealsNothing() {
        Failures.Answer answer = Failures.answer(new IllegalStateException("password=hunter2 at db.example"), "req-42");
        assertEquals(500, answer.status());
        assertEquals("OW-0500", answer.code());
        assertEquals("OW-0500: internal error; quote request id req-42 to your administrator", answer.message());
        assertFalse(answer.message().contains("hunter2"));
        assertNull(answer.field());
        assertEquals(500, Failures.answer(new WebApplicationException(503), "r").status());
    }
}
