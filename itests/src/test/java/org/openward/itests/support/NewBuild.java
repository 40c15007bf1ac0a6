package org.openward.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Version;

/**
 * A new build of a bundle, as a release would bring one: the same content under a new
 * Bundle-Version, whose qualifier is the original's with {@code _<suffix>} appended (an earlier
 * {@code _u<n>} suffix is dropped first). Used by ModuleUpdateIT inside the container and by the
 * update benchmark outside it.
 */
public final class NewBuild {

    private NewBuild() {
    }

    /** Writes the new build of {@code jar} as {@code <symbolic name>-<suffix>.jar} into {@code directory}. */
    public static Path of(InputStream jar, Path directory, String suffix) throws IOException {
        try (JarInputStream in = new JarInputStream(jar)) {
            Manifest manifest = new Manifest(in.getManifest());
            String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].strip();
            Version version = Version.parseVersion(manifest.getMainAttributes().getValue("Bundle-Version"));
            String base = version.getQualifier().replaceAll("_[a-z]\\d+$", "");
            manifest.getMainAttributes().putValue("Bundle-Version", version.getMajor() + "." + version.getMinor() + "."
                    + version.getMicro() + "." + base + "_" + suffix);
            Path build = directory.resolve(name + "-" + suffix + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(build), manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    out.write(bytes.toByteArray());
                    out.closeEntry();
                }
            }
            return build;
        }
    }
}
