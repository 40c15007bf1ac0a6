package org.openward.platform.api.security;

import java.util.Objects;
import java.util.Optional;

/** Who is calling, from where, in which request. Immutable. */
public final class Caller {

    private final String username;
    private final Channel channel;
    private final String sourceAddress;
    private final String requestId;
    private final String plugin;

    public Caller(String username, Channel channel, String sourceAddress, String requestId) {
        this(username, channel, sourceAddress, requestId, null);
    }

    private Caller(String username, Channel channel, String sourceAddress, String requestId, String plugin) {
        this.username = Objects.requireNonNull(username, "username");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.sourceAddress = Objects.requireNonNull(sourceAddress, "sourceAddress");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.plugin = plugin;
    }

    /** The same caller, acting through a plugin (see {@link AccessControl#onBehalfOfPlugin}). */
    public Caller throughPlugin(String pluginId) {
        return new Caller(username, channel, sourceAddress, requestId, Objects.requireNonNull(pluginId, "pluginId"));
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

    /**
     * The plugin acting for the user (its bundle's symbolic name), when the call comes from a
     * plugin's code rather than from a module's own; every audit record written meanwhile names it.
     */
    public Optional<String> plugin() {
        return Optional.ofNullable(plugin);
    }

    @Override
    public String toString() {
        return username + (plugin == null ? "" : " through plugin " + plugin) + " via " + channel + " from "
                + sourceAddress + " [" + requestId + "]";
    }
}
