package org.openward.platform.impl.users;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Encrypts the account secrets the platform must read back (TOTP seeds) before they reach the
 * database: AES-256-GCM under a key kept outside it, in {@code etc/openward-secrets.key}
 * (created at the first start, readable by the owner only), bound to the account's name. A copy
 * of the database alone gives away no second factor.
 */
@Component(service = SecretBox.class)
public class SecretBox {

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public SecretBox() {
        this(Path.of(System.getProperty("karaf.etc", "etc"), "openward-secrets.key"));
    }

    /** With the key in this file, creating the file with a new key when there is none. */
    public SecretBox(Path file) {
        try {
            byte[] raw = Files.exists(file) ? Base64.getDecoder().decode(Files.readString(file).strip()) : create(file);
            if (raw.length != 32) {
                throw new IllegalStateException("the secrets key file " + file + " does not hold a 256-bit key");
            }
            key = new SecretKeySpec(raw, "AES");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets key in " + file, e);
        }
    }

    /** The secret as stored: {@code v1:} and Base64 of nonce and ciphertext. */
    public String seal(String secret, String owner) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, stored, 0, IV_BYTES);
            System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret back. A value stored before secrets were sealed (no {@code v1:}) is returned as
     * it is, so that enrolled factors keep working across the upgrade.
     *
     * @throws IllegalStateException when the value was altered, moved to another account or sealed under another key
     */
    public String open(String stored, String owner) {
        if (!stored.startsWith(VERSION)) {
            return stored;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored secret of " + owner + " cannot be opened: altered, moved"
                    + " or sealed under another key", e);
        }
    }

    private static byte[] create(Path file) throws IOException {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(raw) + "\n");
        return raw;
    }
}
