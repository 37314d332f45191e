package dev.rotator.worker.cli;

import dev.rotator.worker.cli.FakeWorker.Reply;
import dev.rotator.worker.testing.TestTls;
import dev.rotator.worker.tls.LocalCaFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures of client commands: one line on stderr, no stack trace, no secret, and a stable exit status. */
class CliErrorsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1} {0} -> exit {3}")
    @CsvSource({
            "Forbidden.ResourceNotFound, 404, The secret does not exist, 3",
            "Forbidden.KeyNotFound, 404, The key does not exist, 3",
            "Forbidden.NoPermission, 403, This action is not authorized, 4",
            "InvalidAccessKeyId.NotFound, 404, Specified access key is not found, 4",
            "InvalidAccessKeyId.Inactive, 403, Specified access key is disabled, 4",
            "SignatureDoesNotMatch, 400, The request signature does not conform, 4",
            "IllegalTimestamp, 400, The timestamp is more than 15 minutes away, 4",
            "Rejected.ResourceExist, 409, The secret already exists, 5",
            "Rejected.ResourceInDeleteWindow, 409, The secret is scheduled for deletion, 5",
            "Rejected.SecretRotating, 409, Your secret is being rotated, 5",
            "InvalidParameter, 400, SecretName must not be empty, 2",
            "MissingParameter, 400, SecretName is required, 2",
            "Rejected.Throttling, 429, Too many requests, 1",
            "InternalFailure, 500, Internal error, 1",
            "InvalidAction.NotFound, 404, Specified api is not found, 1",
    })
    void anApiErrorIsOneLineWithItsCodeAndMessageAndAStableExitStatus(String code, int status, String message,
                                                                       int exit) throws Exception {
        try (FakeWorker worker = FakeWorker.http()) {
            worker.kms("GetSecretValue", Reply.error(status, code, message));

            CliRun r = CliRun.against(worker, dir, "secret", "get", "s");

            assertThat(r.exitCode()).isEqualTo(exit);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("error: " + code + ": " + message + "\n");
        }
    }

    @Test
    void adminApiErrorsMapTheSameWayAndAPathTheWorkerDoesNotServeSaysSo() throws Exception {
        try (FakeWorker worker = FakeWorker.http()) {
            worker.admin("GET", "/admin/v1/access-keys", c -> Reply.error(403, "Forbidden.NoPermission",
                    "This action is not authorized for AccessKey x"));
            worker.admin("GET", "/admin/v1/targets", c -> new Reply(401, ""));

            CliRun denied = CliRun.against(worker, dir, "access-key", "list");
            assertThat(denied.exitCode()).isEqualTo(4);
            assertThat(denied.err()).isEqualTo("error: Forbidden.NoPermission: This action is not authorized for AccessKey x\n");

            CliRun unauthorized = CliRun.against(worker, dir, "target", "list");
            assertThat(unauthorized.exitCode()).isEqualTo(4);

            assertThat(unauthorized.err()).isEqualTo("error: Unauthorized: the worker at http://" + worker.endpoint()
                    + " did not accept the AccessKey\n");

            CliRun unserved = CliRun.against(worker, dir, "access-key", "disable", "AK1");
            assertThat(unserved.exitCode()).isEqualTo(1);
            assertThat(unserved.err()).isEqualTo("error: the worker at http://" + worker.endpoint()
                    + " does not serve POST /admin/v1/access-keys/AK1/disable (is it older than this CLI?)\n");
        }
    }

    @Test
    void nothingListeningNamesTheEndpointAndSuggestsServe() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path key = CliRun.keyFile(dir);
        for (String[] command : new String[][] {{"secret", "get", "s"}, {"access-key", "list"}}) {
            String[] args = new String[command.length + 4];
            System.arraycopy(command, 0, args, 0, command.length);
            System.arraycopy(new String[] {"--endpoint", "127.0.0.1:" + port, "--key-file", key.toString()}, 0, args,
                    command.length, 4);
            CliRun r = CliRun.run(args);
            assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(6);
            assertThat(r.err()).isEqualTo("error: cannot connect to the worker at http://127.0.0.1:" + port
                    + " (connection refused): is it running? Start it with `rotator serve`, or point --endpoint "
                    + "(or ROTATOR_ENDPOINT) at it\n");
        }
    }

    @Test
    void httpsWithTheGeneratedCaWorksForTheSdkAndTheAdminApiAndAnotherCaIsRefused() throws Exception {
        LocalCaFiles.Written right = TestTls.localhost(dir.resolve("right"));
        LocalCaFiles.Written wrong = TestTls.localhost(dir.resolve("wrong"));
        try (FakeWorker worker = FakeWorker.https(right)) {
            worker.kms("GetSecretValue", Reply.ok("{\"SecretName\":\"s\",\"SecretData\":\"over tls\"}"));
            worker.admin("GET", "/admin/v1/targets", c -> Reply.ok("{\"Targets\":[]}"));
            String endpoint = "127.0.0.1:" + worker.port();
            String key = CliRun.keyFile(dir).toString();

            CliRun sdk = CliRun.run("secret", "get", "s", "--endpoint", endpoint, "--ca", right.caCert().toString(),
                    "--key-file", key);
            assertThat(sdk.exitCode()).as(sdk.err()).isZero();
            assertThat(sdk.out()).isEqualTo("over tls");
            CliRun admin = CliRun.run("target", "list", "--endpoint", endpoint, "--ca", right.caCert().toString(),
                    "--key-file", key);
            assertThat(admin.exitCode()).as(admin.err()).isZero();
            assertThat(admin.out()).isEqualTo("ID  KIND  SETTINGS\n");

        }
        // Another server (another port): the SDK caches its HTTP client per host:port, whatever the CA, and
        // this JVM has one trusting the right CA for the first server's port. A CLI process has only one CA.
        try (FakeWorker worker = FakeWorker.https(right)) {
            String endpoint = "127.0.0.1:" + worker.port();
            for (String[] command : new String[][] {{"secret", "get", "s"}, {"target", "list"}}) {
                String[] args = new String[command.length + 6];
                System.arraycopy(command, 0, args, 0, command.length);
                System.arraycopy(new String[] {"--endpoint", endpoint, "--ca", wrong.caCert().toString(),
                        "--key-file", CliRun.keyFile(dir).toString()}, 0, args, command.length, 6);
                CliRun refused = CliRun.run(args);
                assertThat(refused.exitCode()).as(String.join(" ", command)).isEqualTo(6);
                assertThat(refused.err()).startsWith("error: TLS with the worker at https://" + endpoint + " failed")
                        .contains("give the CA that signed its certificate with --ca");
            }
            assertThat(worker.calls()).as("requests that reached the server over an untrusted connection").isEmpty();
        }
    }

    @Test
    void aCaFileThatIsNotACertificateIsAUsageError() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello");
        CliRun r = CliRun.run("secret", "get", "s", "--ca", notPem.toString(), "--key-file",
                CliRun.keyFile(dir).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --ca " + notPem);
    }

    @Test
    void theAccessKeySecretAppearsInNoErrorOutput() throws Exception {
        try (FakeWorker worker = FakeWorker.http()) {
            worker.kms("GetSecretValue", Reply.error(400, "SignatureDoesNotMatch", "signature mismatch"));
            worker.admin("GET", "/admin/v1/targets", c -> new Reply(500, "oops"));
            for (String[] command : new String[][] {{"secret", "get", "s"}, {"target", "list"}, {"key", "list"}}) {
                assertThat(CliRun.against(worker, dir, command).all()).doesNotContain(CliRun.KEY_SECRET);
            }
        }
    }
}
