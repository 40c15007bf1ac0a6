package org.openward.platform.impl.users;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Stored secrets: sealed under a key outside the database, bound to their account. */
public class SecretBoxTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aSecretComesBackForItsOwnerOnlyAndNotWhenAlteredOrUnderAnotherKey() throws Exception {
        Path keyFile = folder.getRoot().toPath().resolve("openward-secrets.key");
        SecretBox box = new SecretBox(keyFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        String seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        String stored = box.seal(seed, "nora");
        assertTrue(stored.startsWith("v1:"));
        assertFalse(stored.contains(seed));
        assertNotEquals("a new nonce each time", stored, box.seal(seed, "nora"));

        assertEquals(seed, box.open(stored, "nora"));
        assertEquals("the same key after a restart", seed, new SecretBox(keyFile).open(stored, "nora"));
        assertThrows("moved to another account", IllegalStateException.class, () -> box.open(stored, "nigel"));
        char[] altered = stored.toCharArray();
        altered[10] = altered[10] == 'A' ? 'B' : 'A';
        assertThrows("altered", IllegalStateException.class, () -> box.open(new String(altered), "nora"));
        SecretBox other = new SecretBox(folder.getRoot().toPath().resolve("other.key"));
        assertThrows("another key", IllegalStateException.class, () -> other.open(stored, "nora"));
        assertEquals("stored before sealing: read as it is", seed, box.open(seed, "nora"));
    }
}
