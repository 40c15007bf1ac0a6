package org.openward.audit.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The audit module's configuration, {@code etc/org.openward.audit.cfg}. */
@ObjectClassDefinition(name = "OpenWard audit trail")
public @interface AuditConfig {

    String PID = "org.openward.audit";

    @AttributeDefinition(description = "The audit key file; empty for etc/openward-audit.keys."
            + " Back it up with the database: without it the trail's seals cannot be checked.")
    String keyFile() default "";

    @AttributeDefinition(description = "Where the chain's head is remembered outside the database;"
            + " empty for data/openward/audit-head.")
    String headFile() default "";
}
