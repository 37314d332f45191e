package dev.rotator.worker.tls;

import org.bouncycastle.util.IPAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code rotator tls init} writes: a local CA and a server certificate it signed, as four PEM
 * files in one directory. Private keys are created with mode 600 before anything is written to them.
 */
public final class LocalCaFiles {
    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String SERVER_CERT = "server.pem";
    public static final String SERVER_KEY = "server-key.pem";
    public static final int MAX_DAYS = 3650;
    /** The CA outlives any server certificate it may issue. */
    static final Duration CA_VALIDITY = Duration.ofDays(MAX_DAYS);

    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private LocalCaFiles() {
    }

    /** Where the files went, and the server certificate (for its names and end date). */
    public record Written(Path caCert, Path caKey, Path serverCert, Path serverKey, X509Certificate server) {
    }

    /**
     * @throws IllegalArgumentException a name or the days are invalid, or a file exists and {@code force} is off;
     *                                  nothing is written then
     */
    public static Written create(Path dir, List<String> ips, List<String> dnsNames, int days, boolean force) {
        validate(ips, dnsNames, days);
        Path d = dir.toAbsolutePath().normalize();
        Path caCert = d.resolve(CA_CERT);
        Path caKey = d.resolve(CA_KEY);
        Path serverCert = d.resolve(SERVER_CERT);
        Path serverKey = d.resolve(SERVER_KEY);
        List<Path> existing = List.of(caCert, caKey, serverCert, serverKey).stream().filter(Files::exists).toList();
        if (!existing.isEmpty() && !force) {
            throw new IllegalArgumentException("refusing to overwrite " + existing
                    + "; pass --force to replace them (clients trusting the old CA will then need the new ca.pem)");
        }
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create(CA_VALIDITY, now);
        CertificateAuthority.Issued server = ca.issueServer(ips, dnsNames, Duration.ofDays(days), now);
        try {
            Files.createDirectories(d);
            write(caKey, Pem.privateKey(ca.privateKey()), true);
            write(caCert, Pem.certificate(ca.certificate()), false);
            write(serverKey, Pem.privateKey(server.privateKey()), true);
            // The chain up to the CA, as servers usually send it.
            write(serverCert, Pem.certificate(server.certificate()) + Pem.certificate(ca.certificate()), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS files in " + d + ": " + e.getMessage(), e);
        }
        return new Written(caCert, caKey, serverCert, serverKey, server.certificate());
    }

    static void validate(List<String> ips, List<String> dnsNames, int days) {
        for (String ip : ips) {
            if (!IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("--ip '" + ip + "' is not an IPv4 or IPv6 address");
            }
        }
        for (String dns : dnsNames) {
            if (dns.length() > 253 || !DNS_NAME.matcher(dns).matches()) {
                throw new IllegalArgumentException("--dns '" + dns + "' is not a host name (letters, digits, hyphens "
                        + "and dots; a leading '*.' for a wildcard)");
            }
        }
        if (ips.isEmpty() && dnsNames.isEmpty()) {
            throw new IllegalArgumentException("give at least one --ip or --dns");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("--days must be between 1 and " + MAX_DAYS + ", got " + days);
        }
    }

    /** Replaces the file; a private key file is born with mode 600, so it is never readable by others. */
    private static void write(Path file, String text, boolean secret) throws IOException {
        Files.deleteIfExists(file);
        if (secret) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        }
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    secret ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while writing", e);
        }
    }
}
