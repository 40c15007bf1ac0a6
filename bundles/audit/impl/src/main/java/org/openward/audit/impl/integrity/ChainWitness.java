package org.openward.audit.impl.integrity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.openward.audit.impl.AuditConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The chain's head as last linked, kept in a file outside the database. Rows cut off the end of
 * the chain leave no gap inside it; this file still remembers how far it reached. After a
 * database restore from backup, the file is ahead of the database and verification says so:
 * delete the file once the restore is accounted for.
 */
@Component(service = ChainWitness.class, configurationPid = AuditConfig.PID)
public class ChainWitness {

    private final Path file;

    @Activate
    public ChainWitness(AuditConfig config) {
        this(config.headFile().isBlank() ? Path.of(System.getProperty("karaf.data", "data"), "openward", "audit-head")
                : Path.of(config.headFile()));
    }

    public ChainWitness(Path file) {
        this.file = file;
    }

    /** The head last written, if any. */
    public Optional<ChainHead> read() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            if (parts.length != 2) {
                throw new IllegalStateException("the audit chain witness " + file + " is damaged");
            }
            return Optional.of(new ChainHead(Long.parseLong(parts[0]), parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit chain witness " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the audit chain witness " + file + " is damaged", e);
        }
    }

    /** Replaces the head, atomically: a crash leaves the old one or the new one. */
    void write(ChainHead head) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, head.seq() + " " + head.entryHash() + "\n", StandardCharsets.US_ASCII);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit chain witness " + file, e);
        }
    }
}
