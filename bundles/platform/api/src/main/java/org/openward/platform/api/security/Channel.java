package org.openward.platform.api.security;

/** The door a caller came through. */
public enum Channel {
    /** The HTTP front door: {@code /api}, {@code /fhir} and the web UIs. */
    HTTP,
    /** A Karaf shell session, local console or SSH. */
    SHELL,
    /** Work the platform does on its own behalf, such as loading demo data. */
    SYSTEM
}
