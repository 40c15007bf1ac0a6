package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openward.itests.support.Distribution;

/**
 * The distribution started as production starts it (bin/karaf through bin/setenv, no demo):
 * HTTPS only, on a certificate generated at the first start and kept afterwards, TLS 1.2 and
 * 1.3 only; no plain HTTP; SSH and JMX on this machine only; no default Karaf account. Not a
 * Pax Exam test: Pax Exam starts Karaf without the scripts.
 */
public class TransportSecurityIT {

    private static Distribution distribution;

    @BeforeClass
    public static void startProduction() throws Exception {
        assumeFalse("transport does not depend on the database: runs in the embedded-Derby pass only",
                "postgresql".equals(System.getProperty("openward.itest.database")));
        distribution = new Distribution(Path.of(System.getProperty("openward.distribution")),
                Path.of("target/transport-security"), Map.of());
        distribution.startProduction(Duration.ofMinutes(3), TransportSecurityIT::httpsAnswers);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (distribution != null) {
            distribution.close();
        }
    }

    private static Path etc(String file) {
        return distribution.home().resolve("etc").resolve(file);
    }

    /** Ready as a load balancer sees it: /health says so (the boot features are installed), over HTTPS. */
    private static boolean httpsAnswers() {
        try {
            return Files.exists(etc("openward-tls.p12")) && get("/health", "TLSv1.3").statusCode() == 200
                    && metadata("TLSv1.3").statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** GET /fhir/metadata over HTTPS with one protocol, trusting the generated certificate only. */
    private static HttpResponse<String> metadata(String protocol) throws IOException, InterruptedException {
        return get("/fhir/metadata", protocol);
    }

    private static HttpResponse<String> get(String path, String protocol) throws IOException, InterruptedException {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        HttpClient client = HttpClient.newBuilder().sslContext(trustingTheGeneratedCertificate())
                .sslParameters(parameters).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(distribution.secureUrl() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static KeyStore generatedKeystore() {
        try (InputStream in = Files.newInputStream(etc("openward-tls.p12"))) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, Files.readString(etc("openward-tls.password")).strip().toCharArray());
            return keystore;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the generated keystore", e);
        }
    }

    private static SSLContext trustingTheGeneratedCertificate() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("openward", generatedKeystore().getCertificate("openward"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fingerprint() throws Exception {
        Certificate certificate = generatedKeystore().getCertificate("openward");
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** What OpenSSL's client says when it offers only this protocol (any cipher, no client-side floor). */
    private static String openssl(String protocolFlag) throws Exception {
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + distribution.securePort(),
                protocolFlag, "-cipher", "DEFAULT@SECLEVEL=0").redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertTrue("openssl s_client finished", process.waitFor(30, TimeUnit.SECONDS));
        return new String(process.getInputStream().readAllBytes());
    }

    @Test
    public void httpsServesTls12And13OnACertificateGeneratedAtTheFirstStart() throws Exception {
        for (String file : List.of("openward-tls.p12", "openward-tls.password")) {
            assertEquals(file + " is the owner's alone", "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(etc(file))));
        }
        assertEquals(200, metadata("TLSv1.3").statusCode());
        HttpResponse<String> tls12 = metadata("TLSv1.2");
        assertEquals(200, tls12.statusCode());
        assertThat(tls12.body(), containsString("CapabilityStatement"));
        assertThat(openssl("-tls1_2"), containsString("TLSv1.2"));
        String tls11 = openssl("-tls1_1");
        assertThat("the server refuses TLS 1.1 with an alert", tls11, containsString("alert protocol version"));
    }

    @Test
    public void plainHttpIsOffInProduction() {
        assertThrows(ConnectException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(distribution.baseUrl() + "/fhir/metadata")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    public void theCertificateIsKeptAcrossRestarts() throws Exception {
        String first = fingerprint();
        distribution.stop();
        distribution.startProduction(Duration.ofMinutes(3), TransportSecurityIT::httpsAnswers);
        assertEquals(first, fingerprint());
        assertEquals(200, metadata("TLSv1.3").statusCode());
    }

    @Test
    public void sshAndJmxListenOnThisMachineOnlyAndKarafHasNoDefaultAccount() throws Exception {
        String shell = Files.readString(etc("org.apache.karaf.shell.cfg"));
        int sshPort = Integer.parseInt(value(shell, "sshPort"));
        String management = Files.readString(etc("org.apache.karaf.management.cfg"));
        int rmiRegistryPort = Integer.parseInt(value(management, "rmiRegistryPort"));
        assertTrue("SSH answers on loopback", connects(InetAddress.getLoopbackAddress(), sshPort));
        assertTrue("JMX answers on loopback", connects(InetAddress.getLoopbackAddress(), rmiRegistryPort));
        Optional<InetAddress> external = externalAddress();
        if (external.isPresent()) {
            assertFalse("SSH refuses " + external.get(), connects(external.get(), sshPort));
            assertFalse("JMX refuses " + external.get(), connects(external.get(), rmiRegistryPort));
        }
        String users = Files.readString(etc("users.properties"));
        assertFalse("no karaf/karaf account", users.lines().map(String::strip)
                .anyMatch(line -> !line.startsWith("#") && line.matches("karaf\\s*=.*")));
    }

    private static String value(String properties, String key) {
        return properties.lines().map(String::strip).filter(line -> line.matches(key + "\\s*=.*")).findFirst()
                .map(line -> line.substring(line.indexOf('=') + 1).strip()).orElseThrow(() -> new AssertionError(key));
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 3000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> externalAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(n -> {
            try {
                return n.isUp() && !n.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }
}
