package org.openward.platform.impl.persistence;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.flywaydb.core.api.resource.LoadableResource;

/** A migration script Flyway reads from a URL: an entry of a module's bundle, or of its jar in tests. */
public final class MigrationResource extends LoadableResource {

    private final URL url;
    private final String name;

    public MigrationResource(URL url, String name) {
        this.url = url;
        this.name = name;
    }

    @Override
    public Reader read() {
        try {
            return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + url, e);
        }
    }

    @Override
    public String getAbsolutePath() {
        return url.toString();
    }

    @Override
    public String getAbsolutePathOnDisk() {
        return url.toString();
    }

    @Override
    public String getFilename() {
        return name;
    }

    @Override
    public String getRelativePath() {
        return name;
    }
}
