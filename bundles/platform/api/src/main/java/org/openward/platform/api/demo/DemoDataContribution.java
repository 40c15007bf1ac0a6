package org.openward.platform.api.demo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a module registers one to load its synthetic demo data. In demo mode the platform
 * calls {@link #load()} once per start, on a background thread, as the system caller
 * {@code system:demo}, in no particular order. Loading must be idempotent: skip what is
 * already there. Only synthetic people, never real ones.
 */
@ConsumerType
public interface DemoDataContribution {

    /** A short name for logs and the audit trail, for example {@code records}. */
    String name();

    void load();
}
