package org.openward.platform.impl.http;

import javax.ws.rs.core.Response;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;

/** Writes FHIR resources and OperationOutcomes as {@code application/fhir+json}. */
final class FhirResponses {

    static final String FHIR_JSON = "application/fhir+json";
    private static final String FHIR_JSON_UTF8 = FHIR_JSON + ";charset=UTF-8";

    private final FhirContext fhir;

    FhirResponses(FhirContext fhir) {
        this.fhir = fhir;
    }

    String json(Resource resource, boolean pretty) {
        return fhir.newJsonParser().setPrettyPrint(pretty).encodeResourceToString(resource);
    }

    Response.ResponseBuilder ok(int status, Resource resource, boolean pretty) {
        return Response.status(status).type(FHIR_JSON_UTF8).entity(json(resource, pretty));
    }

    /**
     * An OperationOutcome for a failure. {@code expression} is the FHIRPath of the offending
     * element, or {@code null}.
     */
    Response outcome(int status, String issueType, String message, String expression) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(status >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                .setCode(IssueType.fromCode(issueType))
                .setDiagnostics(message);
        if (expression != null) {
            issue.addExpression(expression);
        }
        return Response.status(status).type(FHIR_JSON_UTF8).entity(json(outcome, false)).build();
    }
}
