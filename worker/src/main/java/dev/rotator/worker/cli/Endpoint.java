package dev.rotator.worker.cli;

import dev.rotator.worker.tls.Pem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the worker answers: {@code host:port}, over HTTP, or over HTTPS when a CA is given (its PEM
 * text is then what the SDK's {@code config.ca} trusts) or the endpoint says {@code https://}.
 *
 * @param hostPort what the SDK's config.endpoint takes, without a scheme
 * @param caPem    the CA certificate(s) to trust, or null for the JDK's default trust
 */
record Endpoint(String hostPort, boolean https, String caPem) {
    static final String DEFAULT = "127.0.0.1:8080";
    private static final Pattern FORM = Pattern.compile("(?:(https?)://)?([^/:\\s]+|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?/?");

    /**
     * The endpoint from {@code --endpoint} (named by {@code source} in errors), with the CA from
     * {@code --ca}: a CA means HTTPS.
     */
    static Endpoint parse(String text, String source, Path caFile) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new CliException(ExitCode.USAGE, source + " must be HOST:PORT (optionally with http:// or https://), got '"
                    + text + "'");
        }
        String scheme = m.group(1);
        if (m.group(3) != null && Integer.parseInt(m.group(3)) > 65535) {
            throw new CliException(ExitCode.USAGE, source + " has port " + m.group(3) + ", beyond 65535");
        }
        if (caFile != null && "http".equals(scheme)) {
            throw new CliException(ExitCode.USAGE, "--ca is for HTTPS, but " + source + " says http://");
        }
        boolean https = caFile != null || "https".equals(scheme);
        String port = m.group(3) != null ? m.group(3) : (https ? "443" : "80");
        return new Endpoint(m.group(2) + ":" + port, https, caFile == null ? null : readCa(caFile));
    }

    private static String readCa(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "--ca " + file + " cannot be read: " + e.getMessage());
        }
        try {
            if (Pem.readCertificates(pem).isEmpty()) {
                throw new CliException(ExitCode.USAGE, "--ca " + file + " holds no PEM certificate");
            }
        } catch (CertificateException e) {
            throw new CliException(ExitCode.USAGE, "--ca " + file + " is not a PEM certificate: " + e.getMessage());
        }
        return pem;
    }

    String protocol() {
        return https ? "HTTPS" : "HTTP";
    }

    /** The base URL, as messages show it and the admin API is reached at. */
    String url() {
        return (https ? "https://" : "http://") + hostPort;
    }
}
