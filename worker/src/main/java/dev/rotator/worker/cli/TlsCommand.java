package dev.rotator.worker.cli;

import dev.rotator.worker.tls.LocalCaFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rotator tls ...}: the worker's HTTPS certificates. */
@Command(name = "tls", description = "Make the certificates the worker needs for HTTPS.",
        subcommands = TlsCommand.Init.class)
final class TlsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code rotator tls init}: a local CA and a server certificate signed by it. Clients then trust
     * the worker with the CA's PEM text alone (the SDK's config.ca). Prints no private key.
     */
    @Command(name = "init", description = "Create a local CA and a server certificate (ca.pem, ca-key.pem, "
            + "server.pem, server-key.pem) and print the configuration that turns on HTTPS.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, description = "Directory for the PEM files (created if missing).")
        Path dir;

        @Option(names = "--ip", description = "IP address clients use to reach the worker; repeatable "
                + "(default 127.0.0.1 when neither --ip nor --dns is given).")
        List<String> ips = new ArrayList<>();

        @Option(names = "--dns", description = "Host name clients use to reach the worker; repeatable "
                + "(default localhost when neither --ip nor --dns is given).")
        List<String> dnsNames = new ArrayList<>();

        @Option(names = "--days", defaultValue = "365", description = "Validity of the server certificate in days "
                + "(default ${DEFAULT-VALUE}, at most " + LocalCaFiles.MAX_DAYS + ").")
        int days;

        @Option(names = "--force", description = "Replace existing files.")
        boolean force;

        @Override
        public Integer call() {
            if (ips.isEmpty() && dnsNames.isEmpty()) {
                ips = List.of("127.0.0.1");
                dnsNames = List.of("localhost");
            }
            LocalCaFiles.Written w;
            try {
                w = LocalCaFiles.create(dir, ips, dnsNames, days, force);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("rotator tls init: " + e.getMessage());
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Wrote to " + w.caCert().getParent() + ":");
            file(out, w.caCert(), "the CA certificate: give its PEM text to clients (the SDK's config.ca)");
            file(out, w.caKey(), "the CA private key (mode 600): keep it safe, or delete it");
            file(out, w.serverCert(), "the server certificate and chain, for " + String.join(", ", names())
                    + ", valid until " + w.server().getNotAfter().toInstant());
            file(out, w.serverKey(), "the server private key (mode 600)");
            out.println();
            out.println("Add to the worker's configuration file:");
            out.println("server:");
            out.println("  tls:");
            out.println("    certFile: " + w.serverCert());
            out.println("    keyFile: " + w.serverKey());
            out.println("  # host: 0.0.0.0   to listen beyond loopback, now that TLS is on");
            out.println("or set in its environment:");
            out.println("ROTATOR_SERVER_TLS_CERT_FILE=" + w.serverCert());
            out.println("ROTATOR_SERVER_TLS_KEY_FILE=" + w.serverKey());
            out.flush();
            return 0;
        }

        private static void file(PrintWriter out, Path file, String what) {
            out.printf("  %-15s %s%n", file.getFileName(), what);
        }

        private List<String> names() {
            List<String> names = new ArrayList<>();
            ips.forEach(ip -> names.add("IP " + ip));
            dnsNames.forEach(dns -> names.add("DNS " + dns));
            return names;
        }
    }
}
