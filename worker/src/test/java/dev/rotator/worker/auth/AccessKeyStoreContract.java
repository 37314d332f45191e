package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Tag;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Principals in the store, the same on H2, PostgreSQL and MariaDB (each has a subclass). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccessKeyStoreContract {
    private final TestDatabases kind;
    private TestDatabase db;
    private EnvelopeCipher cipher;
    private String sealingKey;
    private AccessKeyStore keys;

    AccessKeyStoreContract(TestDatabases kind) {
        this.kind = kind;
    }

    @BeforeAll
    void open() {
        db = kind.create();
        LocalKeyRing ring = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
        cipher = new EnvelopeCipher(ring);
        sealingKey = ring.ensureDefaultKey();
        keys = new AccessKeyStore(db.database(), cipher, sealingKey);
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    private static String name() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aNewKeyAuthenticatesWithItsSecretAndPolicy() {
        PrincipalPolicy policy = PrincipalPolicy.reader(List.of("db/app"), List.of("app/"), List.of(new Tag("env", "prod")));
        AccessKeyStore.NewAccessKey made = keys.create(name(), policy);
        AccessKeyStore.Credential c = keys.credential(made.accessKeyId()).orElseThrow();
        assertThat(c.enabled()).isTrue();
        assertThat(c.secret()).isEqualTo(made.accessKeySecret());
        assertThat(c.principal()).isEqualTo(new Principal(made.accessKeyId(), made.name(), policy));
        assertThat(made.toString()).doesNotContain(made.accessKeySecret());
        assertThat(c.toString()).doesNotContain(made.accessKeySecret());
    }

    @Test
    void theSecretIsStoredSealed() throws Exception {
        AccessKeyStore.NewAccessKey made = keys.create(name(), PrincipalPolicy.admin());
        try (Connection c = db.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sealed_secret FROM access_keys WHERE access_key_id = ?")) {
            ps.setString(1, made.accessKeyId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(made.accessKeySecret());
            }
        }
    }

    @Test
    void aDisabledKeyIsFoundButNotOpened() {
        AccessKeyStore.NewAccessKey made = keys.create(name(), PrincipalPolicy.admin());
        keys.disable(made.accessKeyId());
        AccessKeyStore.Credential c = keys.credential(made.accessKeyId()).orElseThrow();
        assertThat(c.enabled()).isFalse();
        assertThat(c.secret()).isNull();
        assertThat(keys.list()).filteredOn(k -> k.accessKeyId().equals(made.accessKeyId()))
                .singleElement().satisfies(k -> assertThat(k.enabled()).isFalse());
    }

    @Test
    void aDisableOnThisWorkerIsSeenAtOnceDespiteTheCache() {
        AccessKeyStore.NewAccessKey made = keys.create(name(), PrincipalPolicy.admin());
        assertThat(keys.credential(made.accessKeyId()).orElseThrow().enabled()).isTrue(); // now cached
        keys.disable(made.accessKeyId());
        AccessKeyStore.Credential after = keys.credential(made.accessKeyId()).orElseThrow();
        assertThat(after.enabled()).isFalse();
        assertThat(after.secret()).isNull();
    }

    @Test
    void anotherWorkerOnTheSameStoreSeesADisableWhenItsCacheEntryExpires() {
        AtomicLong nanos = new AtomicLong();
        AccessKeyStore otherWorker = new AccessKeyStore(db.database(), cipher, sealingKey,
                new CredentialCache(CredentialCache.TTL, 16, nanos::get));
        AccessKeyStore.NewAccessKey made = keys.create(name(), PrincipalPolicy.admin());
        assertThat(otherWorker.credential(made.accessKeyId()).orElseThrow().enabled()).isTrue();
        keys.disable(made.accessKeyId());
        nanos.addAndGet(CredentialCache.TTL.toNanos() - 1);
        assertThat(otherWorker.credential(made.accessKeyId()).orElseThrow().enabled())
                .as("the documented window: another worker keeps an enabled key up to the TTL").isTrue();
        nanos.addAndGet(1);
        assertThat(otherWorker.credential(made.accessKeyId()).orElseThrow().enabled()).isFalse();
    }

    @Test
    void theListShowsNamesAndPoliciesNeverSecrets() {
        String name = name();
        AccessKeyStore.NewAccessKey made = keys.create(name, PrincipalPolicy.reader(List.of("x"), List.of(), List.of()));
        assertThat(keys.list()).filteredOn(k -> k.accessKeyId().equals(made.accessKeyId())).singleElement()
                .satisfies(k -> {
                    assertThat(k.name()).isEqualTo(name);
                    assertThat(k.policy()).isEqualTo(made.policy());
                    assertThat(k.enabled()).isTrue();
                    assertThat(k.toString()).doesNotContain(made.accessKeySecret());
                });
    }

    @Test
    void namesAreUniqueAndChecked() {
        String name = name();
        keys.create(name, PrincipalPolicy.admin());
        long before = keys.count();
        assertThatThrownBy(() -> keys.create(name, PrincipalPolicy.admin())).isInstanceOfSatisfying(RotatorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXIST));
        for (String bad : new String[] {"", "has space", "x".repeat(65), "star*"}) {
            assertThatThrownBy(() -> keys.create(bad, PrincipalPolicy.admin())).isInstanceOfSatisfying(
                    RotatorException.class, e -> assertThat(e.getMessage()).startsWith("Name: "));
        }
        assertThat(keys.count()).isEqualTo(before);
    }

    @Test
    void unknownKeysAreNotFound() {
        assertThat(keys.credential("RTAKNOSUCHKEY")).isEmpty();
        assertThatThrownBy(() -> keys.disable("RTAKNOSUCHKEY")).isInstanceOfSatisfying(RotatorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    }
}
