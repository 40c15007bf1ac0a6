package org.openward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.openward.platform.impl.persistence.MigrationResource;

/**
 * The migrations of one module on a test class path: those in db/migration of the directory or
 * jar that holds a class of the module, as the runtime reads them from the module's bundle.
 */
final class ModuleMigrations implements ResourceProvider {

    private static final String FOLDER = "db/migration/";

    private final List<LoadableResource> resources = new ArrayList<>();

    ModuleMigrations(Class<?> moduleClass) {
        try {
            Path root = Path.of(moduleClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                Path folder = root.resolve(FOLDER);
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> files = Files.list(folder)) {
                        files.forEach(file -> add(file.getFileName().toString(), toUrl(file)));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (var entry : Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (name.startsWith(FOLDER) && name.length() > FOLDER.length() && !entry.isDirectory()) {
                            add(name.substring(FOLDER.length()), new URL("jar:" + root.toUri() + "!/" + name));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL toUrl(Path file) {
        try {
            return file.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(String name, URL url) {
        resources.add(new MigrationResource(url, name));
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream().filter(r -> r.getFilename().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return resources.stream()
                .filter(r -> r.getFilename().startsWith(prefix) && List.of(suffixes).stream().anyMatch(r.getFilename()::endsWith))
                .toList();
    }
}
