package dev.rotator.worker.cli;

import dev.rotator.worker.testing.TestTls;
import dev.rotator.worker.tls.LocalCaFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the CLI connects and with which AccessKey: flags, then the environment, then the defaults. */
class ConnectionOptionsTest {
    @TempDir
    Path dir;

    private static ConnectionOptions parse(String... args) {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    private Path keyFile(String name, String id, String secret) throws Exception {
        return Files.writeString(dir.resolve(name), "{\"AccessKeyId\":\"" + id + "\",\"AccessKeySecret\":\"" + secret + "\"}");
    }

    @Test
    void theEndpointComesFromTheFlagThenTheEnvironmentThenTheDefault() {
        Map<String, String> env = Map.of("ROTATOR_ENDPOINT", "10.0.0.5:9000");
        assertThat(parse().endpoint(Map.of())).isEqualTo(new Endpoint("127.0.0.1:8080", false, null));
        assertThat(parse().endpoint(env)).isEqualTo(new Endpoint("10.0.0.5:9000", false, null));
        assertThat(parse("--endpoint", "worker.local:7000").endpoint(env))
                .isEqualTo(new Endpoint("worker.local:7000", false, null));
        assertThat(parse("--endpoint", "https://kms.example.com").endpoint(env).url()).isEqualTo("https://kms.example.com:443");
        assertThat(parse("--endpoint", "http://[::1]:8080/").endpoint(env).hostPort()).isEqualTo("[::1]:8080");
    }

    @Test
    void aCaMeansHttpsWithItsPemTextAsTheSdksConfigCa() throws Exception {
        LocalCaFiles.Written files = TestTls.localhost(dir.resolve("tls"));
        Endpoint e = parse("--ca", files.caCert().toString()).endpoint(Map.of());
        assertThat(e.https()).isTrue();
        assertThat(e.protocol()).isEqualTo("HTTPS");
        assertThat(e.caPem()).isEqualTo(Files.readString(files.caCert()));
        assertThat(e.url()).isEqualTo("https://127.0.0.1:8080");
    }

    @Test
    void badEndpointsAreUsageErrorsNamingWhereTheyCameFrom() throws Exception {
        LocalCaFiles.Written files = TestTls.localhost(dir.resolve("tls"));
        assertThatThrownBy(() -> parse("--endpoint", "host:port:x").endpoint(Map.of()))
                .isInstanceOf(CliException.class).hasMessageStartingWith("--endpoint must be HOST:PORT");
        assertThatThrownBy(() -> parse().endpoint(Map.of("ROTATOR_ENDPOINT", "a b")))
                .hasMessageStartingWith("ROTATOR_ENDPOINT must be HOST:PORT");
        assertThatThrownBy(() -> parse("--endpoint", "h:70000").endpoint(Map.of()))
                .hasMessage("--endpoint has port 70000, beyond 65535");
        assertThatThrownBy(() -> parse("--endpoint", "http://h:1", "--ca", files.caCert().toString()).endpoint(Map.of()))
                .hasMessage("--ca is for HTTPS, but --endpoint says http://");
        assertThatThrownBy(() -> parse("--ca", dir.resolve("none.pem").toString()).endpoint(Map.of()))
                .hasMessageStartingWith("--ca " + dir.resolve("none.pem") + " cannot be read");
    }

    @Test
    void anExplicitKeyFileWinsOverTheEnvironmentWhichWinsOverTheDefaultFile() throws Exception {
        Path explicit = keyFile("explicit.json", "FROMFILE", "file-secret");
        Map<String, String> env = Map.of(Credentials.ENV_ID, "FROMENV", Credentials.ENV_SECRET, "env-secret");

        Credentials fromFile = Credentials.resolve(explicit, env);
        assertThat(fromFile.accessKeyId()).isEqualTo("FROMFILE");
        assertThat(fromFile.accessKeySecret()).isEqualTo("file-secret");

        Credentials fromEnv = Credentials.resolve(null, env);
        assertThat(fromEnv.accessKeyId()).isEqualTo("FROMENV");
        assertThat(fromEnv.accessKeySecret()).isEqualTo("env-secret");
        assertThat(fromEnv.toString()).doesNotContain("env-secret");
    }

    @Test
    void withoutFlagOrEnvironmentTheAdminKeyFileUnderTheWorkingDirectoryIsRead() {
        // The tests run in the module directory, which has no data/admin-access-key.json.
        assertThat(Credentials.DEFAULT_KEY_FILE).isEqualTo(Path.of("data", "admin-access-key.json"));
        assertThat(Files.exists(Credentials.DEFAULT_KEY_FILE)).as("a key file in the build directory").isFalse();
        assertThatThrownBy(() -> Credentials.resolve(null, Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("no AccessKey: the default key file data/admin-access-key.json does not exist; give --key-file "
                        + "FILE (a JSON file like data/admin-access-key.json) or set ROTATOR_ACCESS_KEY_ID and "
                        + "ROTATOR_ACCESS_KEY_SECRET")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.DENIED);
    }

    @Test
    void halfTheEnvironmentIsAUsageErrorNamingTheMissingVariable() {
        assertThatThrownBy(() -> Credentials.resolve(null, Map.of(Credentials.ENV_ID, "X")))
                .hasMessage("ROTATOR_ACCESS_KEY_SECRET is not set, but ROTATOR_ACCESS_KEY_ID is: set both, or neither")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThatThrownBy(() -> Credentials.resolve(null, Map.of(Credentials.ENV_SECRET, "very-secret")))
                .hasMessage("ROTATOR_ACCESS_KEY_ID is not set, but ROTATOR_ACCESS_KEY_SECRET is: set both, or neither");
    }

    @Test
    void aBrokenKeyFileIsNamedWithoutItsContent() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"AccessKeyId\":\"A\",\"AccessKeySecret\":\"s3cr3t\"");
        assertThatThrownBy(() -> Credentials.resolve(broken, Map.of()))
                .hasMessage("no AccessKey: --key-file " + broken + " is not readable JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        Path noSecret = keyFile("half.json", "A", "");
        assertThatThrownBy(() -> Credentials.resolve(noSecret, Map.of()))
                .hasMessage("no AccessKey: --key-file " + noSecret + " must be a JSON object with AccessKeyId and "
                        + "AccessKeySecret");
    }
}
