package dev.taleweaver.adapter.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for one test run: a CA, and server certificates it signs for the names asked for. Made with the
 * JDK's own {@code keytool} (always where a JDK is, unlike openssl, and no extra dependency such as BouncyCastle);
 * the server's private key is written as PKCS#8 PEM from the JDK's KeyStore, which is what redis-server reads.
 */
public final class TestPki {
    private static final String PASSWORD = "test-only";
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    private final Path directory;
    private final String name;

    private TestPki(Path directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    /** A new CA, {@code CN=<name>}, in a fresh temporary directory. */
    public static TestPki newCa(String name) {
        try {
            TestPki pki = new TestPki(Files.createTempDirectory("tw-pki-"), name);
            pki.keytool("-genkeypair", "-keystore", pki.file("ca.p12").toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + name, "-ext", "bc:c", "-validity", "2");
            pki.keytool("-exportcert", "-rfc", "-keystore", pki.file("ca.p12").toString(), "-storepass", PASSWORD,
                    "-alias", "ca", "-file", pki.caPem().toString());
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA's certificate, PEM: what {@code REDIS_TLS_CA_FILE} points at. */
    public Path caPem() {
        return file("ca.pem");
    }

    /**
     * A server certificate signed by this CA, for {@code subjectAltNames} in keytool's syntax
     * (e.g. {@code ip:127.0.0.1,dns:localhost}); returns {certificate PEM, private key PEM}. Good for client
     * authentication too: a TLS cluster's nodes present it to each other on the cluster bus.
     */
    public Path[] serverCertificate(String alias, String subjectAltNames) {
        Path keystore = file(alias + ".p12");
        Path request = file(alias + ".csr");
        Path certificate = file(alias + ".pem");
        Path key = file(alias + ".key");
        keytool("-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias, "-validity", "2");
        keytool("-certreq", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-alias", alias,
                "-file", request.toString());
        keytool("-gencert", "-keystore", file("ca.p12").toString(), "-storepass", PASSWORD, "-alias", "ca",
                "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc",
                "-ext", "san=" + subjectAltNames, "-ext", "eku=serverAuth,clientAuth", "-validity", "2");
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Key privateKey = store.getKey(alias, PASSWORD.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(privateKey.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(key, pem, StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the private key of " + alias, e);
        }
        return new Path[] {certificate, key};
    }

    public Path directory() {
        return directory;
    }

    private Path file(String fileName) {
        return directory.resolve(fileName);
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL, "-noprompt"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed for " + name + ": " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
