package org.openward.platform.impl.persistence;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.osgi.framework.Bundle;

/**
 * Hands Flyway the SQL migrations a module bundle ships under {@value #FOLDER}. Flyway's own
 * class path scanning would look in the platform bundle; this reads the module's bundle.
 */
final class BundleMigrations implements ResourceProvider {

    static final String FOLDER = "db/migration";

    private final Bundle bundle;

    BundleMigrations(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public LoadableResource getResource(String name) {
        URL url = bundle.getEntry(FOLDER + "/" + name);
        return url == null ? null : new MigrationResource(url, name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        Enumeration<URL> entries = bundle.findEntries(FOLDER, "*", false);
        if (entries == null) {
            return List.of();
        }
        List<LoadableResource> found = new ArrayList<>();
        for (URL url : Collections.list(entries)) {
            String path = url.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.startsWith(prefix) && endsWithAny(name, suffixes)) {
                found.add(new MigrationResource(url, name));
            }
        }
        return found;
    }

    private static boolean endsWithAny(String name, String[] suffixes) {
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
