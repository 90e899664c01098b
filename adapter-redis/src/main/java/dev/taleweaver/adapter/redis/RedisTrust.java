package dev.taleweaver.adapter.redis;

import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The certificate authorities a {@code rediss://} connection trusts instead of the JVM's default trust store
 * ({@value #CA_FILE_SETTING}): a PEM file with one or more certificates, read once at start-up into an in-memory
 * trust store used by the Redis client alone — PostgreSQL's TLS and everything else in the JVM keep the default trust.
 * The server's host name (or IP address) is still verified against its certificate.
 */
public final class RedisTrust {
    public static final String CA_FILE_SETTING = "REDIS_TLS_CA_FILE";
    /** A CA bundle is a few KiB; anything far larger is not what the operator meant to point at. */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    private final Path file;
    private final List<X509Certificate> certificates;

    private RedisTrust(Path file, List<X509Certificate> certificates) {
        this.file = file;
        this.certificates = List.copyOf(certificates);
    }

    /**
     * Reads the CA certificates of a PEM file.
     *
     * @throws IllegalArgumentException naming {@value #CA_FILE_SETTING} when the file is missing, unreadable, too
     *                                  large or holds no PEM certificate
     */
    public static RedisTrust fromPemFile(Path file) {
        Objects.requireNonNull(file, "file");
        String problem = CA_FILE_SETTING + " (" + file + ") ";
        byte[] content;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(problem + "is not a readable file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(problem + "is larger than " + MAX_FILE_BYTES
                        + " bytes; expected a PEM file of CA certificates");
            }
            content = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(problem + "cannot be read: " + e.getClass().getSimpleName(), e);
        }
        if (!new String(content, StandardCharsets.US_ASCII).contains(PEM_CERTIFICATE)) {
            throw new IllegalArgumentException(problem + "holds no PEM certificate (expected one or more "
                    + PEM_CERTIFICATE + " blocks)");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content));
            for (Certificate certificate : parsed) {
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(problem + "is not a valid PEM certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(problem + "holds no X.509 certificate");
        }
        return new RedisTrust(file, certificates);
    }

    /** A fresh trust manager factory over exactly these certificates. */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("redis-ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the Redis trust store from " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisTrust that && file.equals(that.file) && certificates.equals(that.certificates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, certificates);
    }

    /** The file and the subjects it trusts, fit for the start-up log. */
    @Override
    public String toString() {
        List<String> subjects = certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
        return file + " (" + certificates.size() + " CA certificate(s): " + String.join("; ", subjects) + ")";
    }
}
