package org.openward.platform.api.security;

import java.util.Objects;

/** Who is calling, from where, in which request. Immutable. */
public final class Caller {

    private final String username;
    private final Channel channel;
    private final String sourceAddress;
    private final String requestId;

    public Caller(String username, Channel channel, String sourceAddress, String requestId) {
        this.username = Objects.requireNonNull(username, "username");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.sourceAddress = Objects.requireNonNull(sourceAddress, "sourceAddress");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
    }

    /** The account name; {@code system:<purpose>} for work the platform does itself. */
    public String username() {
        return username;
    }

    public Channel channel() {
        return channel;
    }

    /** The remote address for HTTP, {@code shell} or {@code system} otherwise. */
    public String sourceAddress() {
        return sourceAddress;
    }

    /** One id per HTTP request or shell command, shared by every audit record it causes. */
    public String requestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return username + " via " + channel + " from " + sourceAddress + " [" + requestId + "]";
    }
}
