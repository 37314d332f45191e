package dev.rotator.worker.testing;

import com.aliyun.kms20160120.Client;
import dev.rotator.worker.config.WorkerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Worker A playing the Alibaba KMS instance of another worker: its API over HTTPS with a fresh local CA, reached
 * through a {@link TcpRelay} so that a test can take it "down" ({@link #cut}) and back ({@link #restore}) without
 * restarting it, and the {@code kmsInstance} settings that point a worker at it (its admin AccessKey, the secret in
 * a file, the CA in another).
 */
public final class KmsInstanceFixture implements AutoCloseable {
    public static final String INSTANCE_ID = "kst-test0000000000000000";
    /** Worker A, the instance. */
    public final RunningWorker kms;
    private final TcpRelay relay;
    private final Path files;
    private final Path secretFile;
    private final Path caFile;

    private KmsInstanceFixture() throws IOException {
        kms = RunningWorker.startWithTls();
        relay = TcpRelay.to(kms.worker.port());
        files = Files.createTempDirectory("rotator-kms-client-");
        secretFile = Files.writeString(files.resolve("ak-secret"), kms.adminSecret + "\n");
        caFile = Files.writeString(files.resolve("ca.pem"), kms.caPem);
    }

    public static KmsInstanceFixture start() {
        try {
            return new KmsInstanceFixture();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instance as its clients name it: the relay's address. */
    public String url() {
        return "https://127.0.0.1:" + relay.port();
    }

    /** The official client on A directly (not through the relay): what an application of the instance sees. */
    public Client direct() {
        return kms.admin();
    }

    /** Settings that point a worker at the instance; empty strings for what it does not use. */
    public WorkerConfig.KmsInstance settings(String dataKeyId, String secretNames, String secretTag) {
        return new WorkerConfig.KmsInstance(url(), caFile.toString(), kms.adminId, secretFile.toString(), "",
                INSTANCE_ID, dataKeyId, secretNames, secretTag);
    }

    /** The same settings as a {@code kmsInstance:} section of a configuration file. */
    public String yaml(String dataKeyId, String secretNames, String secretTag) {
        WorkerConfig.KmsInstance k = settings(dataKeyId, secretNames, secretTag);
        return """
                kmsInstance:
                  endpoint: "%s"
                  caFile: "%s"
                  accessKeyId: "%s"
                  accessKeySecretFile: "%s"
                  instanceId: "%s"
                  dataKeyId: "%s"
                  secretNames: "%s"
                  secretTag: "%s"
                """.formatted(k.endpoint(), k.caFile(), k.accessKeyId(), k.accessKeySecretFile(), k.instanceId(),
                k.dataKeyId(), k.secretNames(), k.secretTag());
    }

    /** The instance is unreachable for its clients: connections are refused (checked before this returns). */
    public void cut() {
        relay.cut();
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            throw new IllegalStateException("the relay still accepts connections after cut()");
        } catch (ConnectException expected) {
            // down, as intended
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void restore() {
        relay.restore();
    }

    @Override
    public void close() throws IOException {
        try (RunningWorker a = kms; TcpRelay r = relay) {
            Files.deleteIfExists(secretFile);
            Files.deleteIfExists(caFile);
            Files.deleteIfExists(files);
        }
    }
}
