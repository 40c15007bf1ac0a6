package org.openward.audit.impl;

import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.security.AccessControl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts changes to the running system on the audit trail: every configuration created, changed
 * or deleted (its PID, never its values, which may hold passwords), and every OpenWard bundle
 * installed, updated or uninstalled (a module, its version). The framework does not say who
 * made a change; the record names the runtime, and Karaf's shell history names the person.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public class RuntimeChangeAuditor implements ConfigurationListener, SynchronousBundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeChangeAuditor.class);

    private final AuditTrail trail;
    private final AccessControl access;
    private final BundleContext context;

    @Activate
    public RuntimeChangeAuditor(@Reference AuditTrail trail, @Reference AccessControl access, BundleContext context) {
        this.trail = trail;
        this.access = access;
        this.context = context;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String change = switch (event.getType()) {
            case ConfigurationEvent.CM_UPDATED -> "created or updated";
            case ConfigurationEvent.CM_DELETED -> "deleted";
            case ConfigurationEvent.CM_LOCATION_CHANGED -> "bound to another bundle";
            default -> "changed";
        };
        String pid = event.getFactoryPid() == null ? event.getPid()
                : event.getPid() + " (factory " + event.getFactoryPid() + ")";
        record("configuration", AuditAction.CONFIGURATION_CHANGE, "configuration " + pid + " " + change);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("org.openward.")) {
            return;
        }
        String change = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        if (change != null) {
            record("modules", AuditAction.MODULE_CHANGE,
                    "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " " + change);
        }
    }

    private void record(String purpose, AuditAction action, String detail) {
        try {
            access.callAsSystem(purpose, () -> {
                trail.record(AuditEvent.of(action, AuditOutcome.SUCCESS).detail(detail));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not put on the audit trail: {}", detail, e);
        }
    }
}
