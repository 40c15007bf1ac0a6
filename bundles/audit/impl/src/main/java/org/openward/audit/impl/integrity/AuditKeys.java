package org.openward.audit.impl.integrity;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openward.audit.impl.AuditConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The site's audit keys, kept in a file beside the configuration and created, readable by the
 * owner only, on first start: an HMAC-SHA256 key that seals each record as it is written, and an
 * Ed25519 key pair that signs the chain's checkpoints. Whoever can write the database but not
 * read this file cannot alter a record or re-sign a rewritten chain without it showing.
 */
@Component(service = AuditKeys.class, configurationPid = AuditConfig.PID)
@Designate(ocd = AuditConfig.class)
public class AuditKeys {

    private static final String SEAL_KEY = "seal.hmac-sha256";
    private static final String SIGNING_KEY = "checkpoint.ed25519.private";
    private static final String VERIFYING_KEY = "checkpoint.ed25519.public";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec sealKey;
    private final PrivateKey signingKey;
    private final PublicKey verifyingKey;

    @Activate
    public AuditKeys(AuditConfig config) {
        this(config.keyFile().isBlank() ? Path.of(System.getProperty("karaf.etc", "etc"), "openward-audit.keys")
                : Path.of(config.keyFile()));
    }

    /** Reads the keys from the file, creating it with new keys when there is none. */
    public AuditKeys(Path file) {
        try {
            Properties keys = Files.exists(file) ? read(file) : create(file);
            Base64.Decoder base64 = Base64.getDecoder();
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            this.sealKey = new SecretKeySpec(base64.decode(required(keys, file, SEAL_KEY)), "HmacSHA256");
            this.signingKey = ed25519.generatePrivate(
                    new PKCS8EncodedKeySpec(base64.decode(required(keys, file, SIGNING_KEY))));
            this.verifyingKey = ed25519.generatePublic(
                    new X509EncodedKeySpec(base64.decode(required(keys, file, VERIFYING_KEY))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit keys in " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit key file " + file + " is damaged", e);
        }
    }

    /** The record's seal: HMAC-SHA256 of its content, in hex. */
    public String seal(SealedContent content) {
        return HEX.formatHex(hmac(content.bytes()));
    }

    /** Whether the seal is the content's, compared in constant time. */
    public boolean sealMatches(SealedContent content, String seal) {
        return seal != null && MessageDigest.isEqual(hmac(content.bytes()), parseHex(seal.trim()));
    }

    String sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signingKey);
            signature.update(data);
            return HEX.formatHex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint", e);
        }
    }

    boolean signatureMatches(byte[] data, String signatureHex) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(verifyingKey);
            signature.update(data);
            return signature.verify(parseHex(signatureHex.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The checkpoint key's fingerprint (SHA-256 of the public key), for comparing with a key kept elsewhere. */
    public String fingerprint() {
        return HEX.formatHex(sha256(verifyingKey.getEncoded()));
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(sealKey);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] parseHex(String hex) {
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String required(Properties keys, Path file, String name) {
        String value = keys.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the audit key file " + file + " has no " + name);
        }
        return value.trim();
    }

    private static Properties read(Path file) throws IOException {
        Properties keys = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            keys.load(in);
        }
        return keys;
    }

    private static Properties create(Path file) throws IOException, GeneralSecurityException {
        byte[] sealKey = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(sealKey);
        KeyPair checkpointKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Base64.Encoder base64 = Base64.getEncoder();
        Properties keys = new Properties();
        keys.setProperty(SEAL_KEY, base64.encodeToString(sealKey));
        keys.setProperty(SIGNING_KEY, base64.encodeToString(checkpointKeys.getPrivate().getEncoded()));
        keys.setProperty(VERIFYING_KEY, base64.encodeToString(checkpointKeys.getPublic().getEncoded()));
        Writer text = new StringWriter();
        keys.store(text, " OpenWard audit keys. Keep secret; back up with the database: without this file the"
                + " audit trail's seals cannot be checked.");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text.toString(), StandardCharsets.ISO_8859_1);
        return keys;
    }
}
