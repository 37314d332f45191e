package dev.rotator.worker.service;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.MutableClock;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import dev.rotator.worker.testing.TestStores;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@link SecretService} on a real store in a fresh database of one kind (each contract has a subclass per
 * database), with an RDS rotator (the fake one), a hand-moved clock, and the scheduler's two callbacks recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecretServiceFixture {
    static final String RDS_CONFIG = "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"db1\"}";
    static final String RDS_IMPORT = "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Secret-pw-1\"}]}";

    private final TestDatabases kind;
    TestDatabase db;
    JdbcSecretStore store;
    LocalKeyRing keys;
    MutableClock clock;
    FakeAccountsRotator accounts;
    /** What the service told the scheduler: secrets whose schedule changed, and rotate-now requests as "name#token". */
    final List<Secret> scheduled = new CopyOnWriteArrayList<>();
    final List<String> queued = new CopyOnWriteArrayList<>();
    SecretService service;

    SecretServiceFixture(TestDatabases kind) {
        this.kind = kind;
    }

    @BeforeAll
    void open() {
        db = kind.create();
        keys = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
        keys.ensureDefaultKey();
        store = new JdbcSecretStore(db.database(), new EnvelopeCipher(keys));
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    @BeforeEach
    void newService() {
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        scheduled.clear();
        queued.clear();
        accounts = new FakeAccountsRotator();
        service = new SecretService(store, keys, new RotatorRegistry(Map.of(SecretType.RDS, accounts)), scheduled::add,
                (name, token) -> queued.add(name + "#" + token), clock);
    }

    static String unique(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    static NewSecretRequest genericRequest(String name, String value, String description, String tags) {
        return new NewSecretRequest(name, null, utf8(value), null, "Generic", null, tags, false, null, null, description);
    }

    /** A Generic secret made through the service, its first version "v1" holding {@code value}. */
    String generic(String name, String value) {
        service.create(genericRequest(name, value, null, null));
        return name;
    }

    /**
     * A dual-account RDS secret, stored directly in the flat value form the rotator works on, with its
     * account known to the fake target so that rotations succeed.
     */
    String managed(String name) {
        accounts.accounts.put("app", "Initial-pw0");
        store.create(TestStores.rds(name), new NewVersion("v1", FakeAccountsRotator.value("app", "Initial-pw0"),
                clock.instant()));
        return name;
    }

    /** The rotation engine a worker would run on this store: what the scheduler calls for a queued rotate-now. */
    RotationEngine engine() {
        return new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, accounts)),
                new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO), Duration.ofMinutes(1), "test-engine", clock,
                d -> { });
    }

    /** Version id → labels. */
    Map<String, Set<String>> stages(String name) {
        return store.versions(name).stream().collect(Collectors.toMap(VersionInfo::versionId, VersionInfo::stages,
                (a, b) -> a, LinkedHashMap::new));
    }

    /** Everything the store holds about a secret, values included, to prove a refusal changed nothing. */
    record Snapshot(Optional<Secret> secret, List<VersionInfo> versions, Map<String, SecretValue> values,
                    Optional<String> policy) {
    }

    Snapshot snapshot(String name) {
        Map<String, SecretValue> values = new LinkedHashMap<>();
        for (VersionInfo v : store.versions(name)) {
            values.put(v.versionId(), store.version(name, v.versionId()).orElseThrow().value());
        }
        return new Snapshot(store.find(name), store.versions(name), values, store.policy(name, "default"));
    }

    /** The call fails with {@code code} and a message that starts with the field it names. */
    static void assertRefused(ThrowingCallable call, ErrorCode code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RotatorException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).startsWith(field);
        });
    }

    /** As {@link #assertRefused}, and the secret is exactly as it was, and the scheduler heard nothing. */
    void assertRefusedUnchanged(String name, ThrowingCallable call, ErrorCode code, String field) {
        Snapshot before = snapshot(name);
        int schedules = scheduled.size();
        int requests = queued.size();
        assertRefused(call, code, field);
        assertThat(snapshot(name)).isEqualTo(before);
        assertThat(scheduled).hasSize(schedules);
        assertThat(queued).hasSize(requests);
    }
}
