package org.openward.platform.impl.health;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.openward.platform.impl.events.EventDispatcher;
import org.openward.platform.impl.modules.ModuleInfo;
import org.openward.platform.impl.modules.ModuleRegistry;
import org.openward.platform.impl.persistence.FlywaySchemaMigrator;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * One module's health, registered by {@link ModuleHealthChecks} for each installed module:
 * <ul>
 * <li>bundles: the module's own bundles are active;</li>
 * <li>components: every component of its implementation (FHIR providers, event consumers,
 * screens, ...) is active or ready, none waits for a missing service;</li>
 * <li>migrations: its schema has every migration its bundle ships, and none failed;</li>
 * <li>events: its consumers' cursors are not failing and their backlog is small.</li>
 * </ul>
 */
final class ModuleHealthCheck implements HealthCheck {

    /** A backlog larger than this is a warning: the module falls behind. */
    static final long BACKLOG_LIMIT = 1000;

    private final String module;
    private final ModuleRegistry modules;
    private final ServiceComponentRuntime components;
    private final DataSource dataSource;
    private final EventDispatcher events;

    ModuleHealthCheck(String module, ModuleRegistry modules, ServiceComponentRuntime components, DataSource dataSource,
            EventDispatcher events) {
        this.module = module;
        this.modules = modules;
        this.components = components;
        this.dataSource = dataSource;
        this.events = events;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        Optional<ModuleInfo> installed = modules.module(module);
        if (installed.isEmpty()) {
            log.critical("{} is not installed", module);
            return new Result(log);
        }
        List<String> inactive = modules.inactiveBundles(installed.get());
        if (inactive.isEmpty()) {
            log.info("bundles: active");
        } else {
            log.critical("bundles: {}", String.join(", ", inactive));
        }
        for (Bundle bundle : modules.implementationBundles(installed.get())) {
            components(bundle, log);
            migrations(bundle, log);
        }
        events(log);
        return new Result(log);
    }

    private void components(Bundle bundle, FormattingResultLog log) {
        int ready = 0;
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
            if (!components.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    List<String> missing = List.of(configuration.unsatisfiedReferences).stream()
                            .map(r -> r.name + " (" + r.target + ")").toList();
                    log.critical("component {} waits for {}", shortName(description.name), String.join(", ", missing));
                } else if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    log.critical("component {} failed to start: {}", shortName(description.name),
                            Objects.toString(configuration.failure, "").lines().findFirst().orElse(""));
                } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    log.critical("component {} waits for its configuration", shortName(description.name));
                } else {
                    ready++;
                }
            }
        }
        log.info("components: {} ready in {}", ready, bundle.getSymbolicName());
    }

    private void migrations(Bundle bundle, FormattingResultLog log) {
        if (bundle.getEntry("db/migration") == null) {
            return;
        }
        String schema = module.replace("openward-", "").replace('-', '_');
        try {
            FlywaySchemaMigrator.MigrationStatus status = FlywaySchemaMigrator.status(dataSource, bundle, schema);
            if (!status.failed().isEmpty()) {
                log.critical("migrations: failed {}", String.join(", ", status.failed()));
            } else if (status.pending() > 0) {
                log.critical("migrations: schema {} at version {}, {} not applied", schema, status.version(),
                        status.pending());
            } else {
                log.info("migrations: schema {} at version {}", schema, status.version());
            }
        } catch (RuntimeException e) {
            log.critical("database: cannot read the migrations of schema {}: {}", schema, e.getMessage());
        }
    }

    private void events(FormattingResultLog log) {
        String prefix = module.replace("openward-", "") + ".";
        for (EventDispatcher.Cursor cursor : events.cursors()) {
            if (!cursor.consumer().startsWith(prefix)) {
                continue;
            }
            if (cursor.failures() > 0) {
                log.warn("events: {} failing at position {} ({} attempts): {}", cursor.consumer(), cursor.position(),
                        cursor.failures(), cursor.lastError());
            } else if (cursor.backlog() > BACKLOG_LIMIT) {
                log.warn("events: {} is {} events behind", cursor.consumer(), cursor.backlog());
            } else if (!cursor.registered()) {
                log.warn("events: {} is not running; {} events wait for it", cursor.consumer(), cursor.backlog());
            } else {
                log.info("events: {} at position {}, {} waiting", cursor.consumer(), cursor.position(), cursor.backlog());
            }
        }
    }

    private static String shortName(String component) {
        return component.substring(component.lastIndexOf('.') + 1);
    }
}
