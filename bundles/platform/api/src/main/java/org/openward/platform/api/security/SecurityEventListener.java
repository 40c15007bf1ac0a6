package org.openward.platform.api.security;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register one as an OSGi service to hear about logins, logouts and refusals. The
 * audit module does, so that every door's decisions end up in the audit trail. Called on the
 * thread of the request; a listener that throws does not change the outcome of the request.
 */
@ConsumerType
public interface SecurityEventListener {

    void onSecurityEvent(SecurityEvent event);
}
