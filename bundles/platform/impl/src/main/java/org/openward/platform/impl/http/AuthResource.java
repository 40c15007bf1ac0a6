package org.openward.platform.impl.http;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.security.Caller;
import org.openward.platform.impl.security.PlatformSecurity;

/** Login, logout and who-am-I. Login is the only public route of {@code /api}. */
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** What a client posts to log in; {@code code} is the TOTP code once a second factor is enrolled. */
    public record Credentials(String username, String password, String code) {
    }

    /**
     * What a successful login returns. {@code mfa} is {@code verified}, {@code not-enrolled}, or
     * {@code enrolment-required}: then the token serves only {@code /api/auth/mfa/*}.
     */
    public record Token(String token, String tokenType, Instant expiresAt, String username, Set<String> roles,
            String mfa) {
    }

    /** The first code from the authenticator app, confirming an enrolment. */
    public record Code(String code) {
    }

    /**
     * The caller as the platform sees them; {@code idleTimeoutSeconds} is how long their session may
     * go unused (the web shell warns before it ends).
     */
    public record Me(String username, Set<String> roles, String channel, String sourceAddress,
            long idleTimeoutSeconds) {
    }

    private final PlatformSecurity security;

    AuthResource(PlatformSecurity security) {
        this.security = security;
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Token login(Credentials credentials, @Context HttpServletRequest request) {
        if (credentials == null) {
            throw new InvalidInputException("OW-0120", null, "send {\"username\": ..., \"password\": ...}");
        }
        if (credentials.username() == null || credentials.username().isBlank()) {
            throw new InvalidInputException("OW-0121", "username", "username is required");
        }
        if (credentials.password() == null || credentials.password().isEmpty()) {
            throw new InvalidInputException("OW-0122", "password", "password is required");
        }
        PlatformSecurity.Login login = security.login(credentials.username(), credentials.password().toCharArray(),
                credentials.code(), request.getRemoteAddr(), GatewayServlet.requestId(request));
        return new Token(login.token(), "Bearer", login.expires(), login.username(), new TreeSet<>(login.roles()),
                login.mfa());
    }

    /** Starts enrolling a TOTP second factor: the secret and its otpauth URI, shown once. */
    @POST
    @Path("mfa/enrol")
    public PlatformSecurity.Enrolment enrolSecondFactor() {
        return security.startTotpEnrolment();
    }

    /** Confirms the enrolment with the app's current code; then log in again with password and code. */
    @POST
    @Path("mfa/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response confirmSecondFactor(Code code, @Context HttpServletRequest request) {
        if (code == null || code.code() == null || code.code().isBlank()) {
            throw new InvalidInputException("OW-0132", "code", "code: send {\"code\": \"123456\"} from the authenticator app");
        }
        security.confirmTotpEnrolment(code.code(), GatewayServlet.bearerToken(request));
        return Response.noContent().build();
    }

    @POST
    @Path("logout")
    public Response logout(@Context HttpServletRequest request) {
        security.logout(GatewayServlet.bearerToken(request));
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    public Me me() {
        Caller caller = security.currentCaller();
        return new Me(caller.username(), new TreeSet<>(security.currentRoles()), caller.channel().name(),
                caller.sourceAddress(), security.idleTimeout().toSeconds());
    }
}
