package dev.rotator.bench.rotation.rds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.bench.rotation.BenchStore;
import dev.rotator.bench.rotation.FloorStoreWrites;
import dev.rotator.bench.rotation.RotationCase;
import dev.rotator.bench.rotation.SqlTrace;
import dev.rotator.core.credential.CredentialGenerator;
import dev.rotator.core.credential.CredentialPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.Target;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.worker.WorkerRotatorContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A dual-account Rds secret on one throwaway server, rotated through the real engine, next to its floor twin.
 *
 * <p>Both secrets are made by CreateSecret's service in create mode (DoubleUsers, ReadWrite on the sandbox's
 * database), so each pair of accounts exists with the same grants; the target's privileged account is itself an Rds
 * SingleUser secret, read by the rotator from the store at each set, as in the worker. The engine side is
 * {@link RotationEngine#rotate}; the floor side is, in the engine's order: a pending version saved (write 1), the
 * set statements on a fresh privileged login, the test login and probe, the stages moved (write 2).
 */
public final class RdsBenchCase implements RotationCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final RdsSandbox sandbox;
    private final RotationEngine engine;
    private final String engineSecret;
    private final String enginePair;
    private final String floorPair;
    private final FloorSql floorSql;
    private final FloorStoreWrites floorStore;
    private final CredentialGenerator passwords = new CredentialGenerator();
    private String floorCurrent;

    private RdsBenchCase(String name, RdsSandbox sandbox, BenchStore store) throws SQLException {
        this.name = name;
        this.sandbox = sandbox;
        String targetId = "rotbench-" + name + "-" + sandbox.unique;
        String adminSecret = "rotbench/" + sandbox.unique + "/admin";
        Target target = sandbox.target(targetId, adminSecret);
        WorkerRotatorContext context = new WorkerRotatorContext(Map.of(targetId, target), store.store());
        RotatorRegistry rotators = RotatorRegistry.load(context, RdsBenchCase.class.getClassLoader());
        SecretService secrets = store.secrets(rotators, context);
        secrets.create(request(adminSecret, imported(sandbox.adminAccount, sandbox.adminPassword),
                Map.of("SecretSubType", "SingleUser", "DBInstanceId", targetId)));
        this.enginePair = sandbox.pair("rbeng");
        this.floorPair = sandbox.pair("rbflr");
        this.engineSecret = "rotbench/" + sandbox.unique + "/engine";
        String floorSecret = "rotbench/" + sandbox.unique + "/floor";
        secrets.create(request(engineSecret, "$Auto", createMode(targetId, enginePair)));
        secrets.create(request(floorSecret, "$Auto", createMode(targetId, floorPair)));
        this.engine = store.engine(rotators);
        this.floorSql = FloorSql.of(sandbox.endpoint(), sandbox.database);
        this.floorStore = FloorStoreWrites.of(store.dataSource(), floorSecret);
        this.floorCurrent = floorPair; // create mode serves the primary first
    }

    /** @param engine {@code mariadb} or {@code postgresql} */
    public static RdsBenchCase open(String engine, BenchStore store) throws SQLException {
        DbEngine db = switch (engine) {
            case "mariadb" -> DbEngine.MYSQL;
            case "postgresql" -> DbEngine.POSTGRESQL;
            default -> throw new IllegalArgumentException("--engines: each must be mariadb, postgresql or redis, got " + engine);
        };
        RdsSandbox sandbox = new RdsSandbox(db);
        try {
            return new RdsBenchCase(engine, sandbox, store);
        } catch (RuntimeException | SQLException e) {
            sandbox.close();
            throw e;
        }
    }

    private Map<String, Object> createMode(String targetId, String account) {
        return Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", targetId, "AccountName", account,
                "AccountPrivilege", "ReadWrite", "DBNames", List.of(sandbox.database));
    }

    private static NewSecretRequest request(String name, String secretData, Map<String, Object> extendedConfig) {
        try {
            return new NewSecretRequest(name, "v0", NewSecretRequest.utf8(secretData), "text", "Rds",
                    JSON.writeValueAsString(extendedConfig), null, false, null, null, "rotation benchmark");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String imported(String account, String password) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode a = root.putArray("Accounts").addObject();
        a.put("AccountName", account);
        a.put("AccountPassword", password);
        return root.toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void engineRotation() {
        engine.rotate(engineSecret, RotationTrigger.now());
    }

    @Override
    public void floorRotation() throws SQLException {
        String primary = DbEngine.primaryOf(floorCurrent);
        String clone = DbEngine.cloneOf(primary);
        String pending = floorCurrent.equals(primary) ? clone : primary;
        String password = passwords.generate(CredentialPolicy.DEFAULT);
        String versionId = UUID.randomUUID().toString();
        floorStore.savePending(versionId, System.currentTimeMillis());
        try (Connection admin = floorSql.admin(sandbox.adminAccount, sandbox.adminPassword)) {
            floorSql.set(admin, primary, clone, pending.equals(primary), password);
        }
        floorSql.probe(pending, password, primary);
        floorStore.moveStages(versionId);
        floorCurrent = pending;
    }

    @Override
    public Optional<SqlTrace> startTrace() {
        try {
            return Optional.of(SqlTrace.install(sandbox.urlPrefix()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not install the statement trace: " + e.getMessage(), e);
        }
    }

    /** The twins' account names become {@code <account>}; hashes, verifiers and probe table names are masked. */
    @Override
    public List<String> normalise(List<String> traced) {
        return traced.stream()
                .map(s -> s.replace(enginePair, "<account>").replace(floorPair, "<account>"))
                .map(s -> s.replaceAll("PASSWORD '\\*[0-9A-F]{40}'", "PASSWORD '<hash>'"))
                .map(s -> s.replaceAll("E'SCRAM-SHA-256\\$[^']*'", "E'<verifier>'"))
                .map(s -> s.replaceAll("rotator_probe_[0-9a-f]{32}", "rotator_probe_<random>"))
                .toList();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
