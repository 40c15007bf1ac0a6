package org.openward.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Patient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * Embedded Derby encrypted at rest (AES-256), configured as docs/configuration.md says: a
 * patient registered over HTTP must not appear in plain text anywhere in the database files,
 * while the same search finds a marker in an unencrypted database written alongside. Runs on
 * embedded Derby in both passes: encryption at rest is a property of the embedded database.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EncryptionAtRestIT extends OpenWardTestSupport {

    /** A boot password made for this run; it exists nowhere else. */
    private static final String BOOT_PASSWORD = newBootPassword();

    @Override
    protected List<Option> database() {
        String cfg = "etc/org.ops4j.datasource-openward.cfg";
        return List.of(
                editConfigurationFilePut(cfg, "osgi.jdbc.driver.class", "org.apache.derby.jdbc.EmbeddedDriver"),
                editConfigurationFilePut(cfg, "url", "jdbc:derby:${karaf.data}/openward/derby;create=true"),
                editConfigurationFilePut(cfg, "connectionAttributes", "create=true;dataEncryption=true"
                        + ";encryptionAlgorithm=AES/CBC/NoPadding;encryptionKeyLength=256;bootPassword=" + BOOT_PASSWORD));
    }

    @Test
    public void noPatientDataIsReadableInTheDatabaseFiles() throws Exception {
        String marker = "Zebrafinch" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Patient patient = new Patient();
        patient.addName().setFamily(marker).addGiven("Ena");
        String token = loginAs("registration");
        assertStatus(201, http().post("/fhir/Patient", token, FHIR_JSON, encode(patient)));
        Http.Answer found = http().get("/fhir/Patient?family=" + marker, token);
        assertTrue("the running system reads it back", found.body().contains(marker));

        Path data = Paths.get(System.getProperty("karaf.data"));
        Path encrypted = data.resolve("openward/derby");
        assertTrue("the encrypted database has files", Files.isDirectory(encrypted.resolve("seg0")));
        assertEquals("plaintext in " + encrypted, List.of(), filesContaining(encrypted, marker));

        Path control = data.resolve("openward/plain-control");
        DataSourceFactory derby = derbyFactory();
        Properties url = new Properties();
        url.setProperty(DataSourceFactory.JDBC_URL, "jdbc:derby:" + control + ";create=true");
        try (Connection c = derby.createDataSource(url).getConnection()) {
            c.createStatement().execute("CREATE TABLE note (text VARCHAR(100))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO note VALUES (?)")) {
                insert.setString(1, marker);
                insert.executeUpdate();
            }
        }
        url.setProperty(DataSourceFactory.JDBC_URL, "jdbc:derby:" + control + ";shutdown=true");
        try {
            derby.createDataSource(url).getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a clean shutdown as an exception
        }
        assertFalse("the search finds the marker in an unencrypted database", filesContaining(control, marker).isEmpty());
    }

    private DataSourceFactory derbyFactory() throws Exception {
        var references = bundleContext.getServiceReferences(DataSourceFactory.class,
                "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=org.apache.derby.jdbc.EmbeddedDriver)");
        assertFalse("pax-jdbc registers Derby", references.isEmpty());
        return bundleContext.getService(references.iterator().next());
    }

    private static List<Path> filesContaining(Path folder, String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(read(file), needle)).toList();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String newBootPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
