package dev.rotator.worker.testing;

import com.aliyun.kms20160120.Client;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Target;
import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AccessKeyStore;
import dev.rotator.worker.auth.AccessKeyStore.NewAccessKey;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.Database;
import dev.rotator.worker.tls.LocalCaFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real worker, as {@code rotator serve} starts it (embedded H2 in a fresh data directory, a free port on
 * loopback, plain HTTP or HTTPS), with
 * the {@link GatedRotator} as its Rds rotator. Clients are the official kms20160120 one, configured as an
 * application would be but for endpoint, protocol and AccessKey. Further AccessKeys are made in the worker's
 * own store (a second pool on the same embedded database), as an operator's tool would.
 */
public final class RunningWorker implements AutoCloseable {
    /** The secret type the gated fake rotator serves. */
    public static final SecretType MANAGED = SecretType.RDS;
    public static final String MANAGED_CONFIG = "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"db1\"}";
    /** The target MANAGED_CONFIG names, declared in the configuration as CreateSecret requires. */
    public static final Target TARGET = new Target("db1", "rds",
            Map.of("engine", "mysql", "host", "127.0.0.1", "adminSecret", "targets/db1/admin"));

    public final Path dataDir;
    public final Worker worker;
    public final GatedRotator rotator = new GatedRotator();
    public final String adminId;
    public final String adminSecret;
    /** The local CA's certificate (PEM text) when the worker speaks HTTPS, else null. */
    public final String caPem;
    private final Database side;
    private final AccessKeyStore accessKeys;
    private final boolean tls;
    private final List<Target> moreTargets;
    private final UnaryOperator<WorkerConfig> adjust;
    private final WorkerConfig.Rotation rotation;

    /** Rotation steps tried twice, 50 ms apart: a failing step fails the run at once. */
    public static final WorkerConfig.Rotation QUICK_FAILURE = new WorkerConfig.Rotation(2, "50ms", "50ms", "10m");

    private RunningWorker(Path dataDir, boolean tls, List<Target> moreTargets, WorkerConfig.Rotation rotation,
                          UnaryOperator<WorkerConfig> adjust)
            throws IOException {
        this.dataDir = dataDir;
        this.tls = tls;
        this.moreTargets = moreTargets;
        this.adjust = adjust;
        this.rotation = rotation;
        WorkerConfig d = WorkerConfig.defaults();
        WorkerConfig.Server server = new WorkerConfig.Server("127.0.0.1", 0);
        if (tls) {
            LocalCaFiles.Written files = TestTls.localhost(dataDir.resolve("tls"));
            server = TestTls.httpsOnLoopback(files);
            caPem = Files.readString(files.caCert());
        } else {
            caPem = null;
        }
        WorkerConfig config = new WorkerConfig(dataDir.toString(), server, d.store(),
                d.scheduler(), rotation, new WorkerConfig.Shutdown("1s"))
                .withTargets(Stream.concat(Stream.of(TARGET), moreTargets.stream()).toList());
        try {
            worker = Worker.start(adjust.apply(config), Map.of(MANAGED, rotator));
        } catch (RuntimeException | Error e) {
            deleteTree(dataDir);
            throw e;
        }
        JsonNode key = new ObjectMapper().readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
        adminId = key.get("AccessKeyId").asText();
        adminSecret = key.get("AccessKeySecret").asText();
        side = Database.open(d.store().jdbcUrl(dataDir), "", "", 2);
        LocalKeyRing ring = new LocalKeyRing(side.dataSource(), RootKey.load(dataDir.resolve(RootKey.FILE_NAME)));
        accessKeys = new AccessKeyStore(side, new EnvelopeCipher(ring), ring.ensureDefaultKey());
    }

    /** Plain HTTP on loopback. */
    public static RunningWorker start() {
        return start(false, List.of());
    }

    /** HTTPS on loopback with a certificate from a fresh local CA ({@link #caPem}), as {@code rotator tls init} makes. */
    public static RunningWorker startWithTls() {
        return start(true, List.of());
    }

    /** Plain HTTP, with these targets declared besides {@link #TARGET}; their secret types get their real rotators. */
    public static RunningWorker start(List<Target> moreTargets) {
        return start(false, moreTargets);
    }

    /**
     * {@link #start(List)} with rotation steps retried as {@code rotation} says: time enough for a target that is
     * down to come back within one rotation run.
     */
    public static RunningWorker start(List<Target> moreTargets, WorkerConfig.Rotation rotation) {
        return start(false, moreTargets, rotation, UnaryOperator.identity());
    }

    /** Plain HTTP, with the configuration changed by {@code adjust} (e.g. a KMS instance). */
    public static RunningWorker start(UnaryOperator<WorkerConfig> adjust) {
        return start(false, List.of(), QUICK_FAILURE, adjust);
    }

    private static RunningWorker start(boolean tls, List<Target> moreTargets) {
        return start(tls, moreTargets, QUICK_FAILURE, UnaryOperator.identity());
    }

    private static RunningWorker start(boolean tls, List<Target> moreTargets, WorkerConfig.Rotation rotation,
                                       UnaryOperator<WorkerConfig> adjust) {
        try {
            return new RunningWorker(Files.createTempDirectory("rotator-worker-"), tls, moreTargets, rotation, adjust);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "127.0.0.1:" + worker.port();
    }

    public Client client(String accessKeyId, String accessKeySecret) {
        try {
            Config config = new Config().setAccessKeyId(accessKeyId).setAccessKeySecret(accessKeySecret)
                    .setEndpoint(endpoint()).setProtocol(caPem == null ? "HTTP" : "HTTPS");
            return new Client(caPem == null ? config : config.setCa(caPem));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Client admin() {
        return client(adminId, adminSecret);
    }

    public Client client(NewAccessKey key) {
        return client(key.accessKeyId(), key.accessKeySecret());
    }

    /**
     * Stops this worker as SIGTERM would, keeping its data directory, and starts another on it with the same
     * settings (plain HTTP workers): what survives a restart. This object is spent; close the one returned.
     */
    public RunningWorker restart() throws IOException {
        if (tls) {
            throw new IllegalStateException("restart() is for plain HTTP workers");
        }
        rotator.release();
        try {
            side.close();
        } finally {
            worker.close();
        }
        return new RunningWorker(dataDir, false, moreTargets, rotation, adjust);
    }

    /** The worker's embedded database, on a pool of its own: what is stored, as stored. */
    public Database database() {
        return side;
    }

    public NewAccessKey createAccessKey(String name, PrincipalPolicy policy) {
        return accessKeys.create(name, policy);
    }

    /** GET /metrics, the Prometheus text (plain HTTP workers). */
    public String metrics() {
        if (caPem != null) {
            throw new IllegalStateException("metrics() reads over plain HTTP");
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + endpoint() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        rotator.release();
        try {
            side.close();
        } finally {
            worker.close();
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
