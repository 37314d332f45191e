package dev.rotator.worker.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TlsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run rotator(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void initWritesTheFilesAndPrintsTheSettingsButNoKey() throws Exception {
        Path tls = dir.resolve("tls");
        Run run = rotator("tls", "init", "--dir", tls.toString(), "--ip", "127.0.0.1", "--ip", "192.0.2.10",
                "--dns", "rotator.internal", "--days", "30");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(tls.resolve("ca.pem")).exists();
        assertThat(tls.resolve("ca-key.pem")).exists();
        assertThat(run.out()).contains("IP 127.0.0.1, IP 192.0.2.10, DNS rotator.internal")
                .contains("certFile: " + tls.resolve("server.pem"))
                .contains("keyFile: " + tls.resolve("server-key.pem"))
                .contains("ROTATOR_SERVER_TLS_CERT_FILE=" + tls.resolve("server.pem"))
                .doesNotContain("PRIVATE KEY");
        String keyBody = Files.readString(tls.resolve("server-key.pem")).lines().skip(1).findFirst().orElseThrow();
        assertThat(run.out()).doesNotContain(keyBody);
    }

    @Test
    void withoutNamesTheCertificateIsForLocalhost() {
        Run run = rotator("tls", "init", "--dir", dir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("IP 127.0.0.1, DNS localhost");
    }

    @Test
    void aSecondInitRefusesToOverwriteAndExitsNonZeroUnlessForced() throws Exception {
        assertThat(rotator("tls", "init", "--dir", dir.toString()).exit()).isZero();
        String ca = Files.readString(dir.resolve("ca.pem"));

        Run again = rotator("tls", "init", "--dir", dir.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("refusing to overwrite").contains("--force");
        assertThat(dir.resolve("ca.pem")).hasContent(ca);

        assertThat(rotator("tls", "init", "--dir", dir.toString(), "--force").exit()).isZero();
        assertThat(Files.readString(dir.resolve("ca.pem"))).isNotEqualTo(ca);
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run run = rotator("tls", "init", "--dir", dir.toString(), "--ip", "localhost");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--ip 'localhost' is not an IPv4 or IPv6 address");
        assertThat(rotator("tls", "init").err()).contains("--dir");
    }
}
