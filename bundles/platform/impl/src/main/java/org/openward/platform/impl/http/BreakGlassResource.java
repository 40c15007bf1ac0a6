package org.openward.platform.impl.http;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.impl.security.BreakGlassGrants;
import org.openward.platform.impl.security.BreakGlassGrants.Grant;

/**
 * Break-glass: a clinician opens a chart outside their care ({@code POST}), may end the grant
 * early ({@code DELETE}); auditors work through the review queue.
 */
@Path("break-glass")
@Produces(MediaType.APPLICATION_JSON)
public class BreakGlassResource {

    /** What a clinician sends: the patient, why, and their password (and one-time code) again. */
    public record Request(String patient, String reason, String password, String code) {
    }

    /** An auditor's review of a grant. */
    public record Review(String outcome, String comment) {
    }

    private final BreakGlassGrants grants;

    BreakGlassResource(BreakGlassGrants grants) {
        this.grants = grants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(Request request) {
        if (request == null) {
            throw new InvalidInputException("OW-0140", null,
                    "send {\"patient\": ..., \"reason\": ..., \"password\": ..., \"code\": ...}");
        }
        Grant grant = grants.start(request.patient(), request.reason(),
                request.password() == null ? null : request.password().toCharArray(), request.code());
        return Response.status(Response.Status.CREATED).entity(grant).build();
    }

    @DELETE
    @Path("{id}")
    public Grant end(@PathParam("id") String id) {
        return grants.end(id);
    }

    /** The review queue: unreviewed grants, or every grant with {@code ?status=all}. */
    @GET
    @Path("reviews")
    public List<Grant> reviews(@QueryParam("status") String status) {
        if (status != null && !status.equals("open") && !status.equals("all")) {
            throw new InvalidInputException("OW-0149", "status", "status: open (the default) or all");
        }
        return grants.reviewQueue(!"all".equals(status));
    }

    @POST
    @Path("{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    public Grant review(@PathParam("id") String id, Review review) {
        if (review == null) {
            throw new InvalidInputException("OW-0145", "outcome", "send {\"outcome\": \"appropriate\"|\"inappropriate\", \"comment\": ...}");
        }
        return grants.review(id, review.outcome(), review.comment());
    }
}
