package dev.rotator.worker.service;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.Stages;
import dev.rotator.core.credential.RandomPasswordRequest;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creating secrets and changing their rotation policy through the service: checked first, stored whole or not at all. */
class SecretServiceTest {
    private static final String RDS_CONFIG = "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"db1\"}";
    private static final String RDS_VALUE = "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Secret-pw-1\"}]}";

    private TestDatabase db;
    private JdbcSecretStore store;
    private LocalKeyRing keys;
    private final List<Secret> scheduled = new ArrayList<>();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private SecretService service;

    @BeforeEach
    void open() {
        db = TestDatabases.H2.create();
        keys = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
        keys.ensureDefaultKey();
        store = new JdbcSecretStore(db.database(), new EnvelopeCipher(keys));
        Consumer<Secret> schedule = scheduled::add;
        service = new SecretService(store, keys, new RotatorRegistry(Map.of(SecretType.RDS, new FakeAccountsRotator())),
                schedule, Clock.fixed(now, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static NewSecretRequest request(String name, String type, String data, String config, boolean rotate,
                                            String interval, String keyId) {
        return new NewSecretRequest(name, null, utf8(data), null, type, config, null, rotate, interval, keyId, null);
    }

    @Test
    void aGenericSecretIsStoredWithVersionV1AsCurrentAndNoSchedule() {
        Secret s = service.create(request("app/config", "Generic", "hello", null, false, null, null));
        assertThat(store.versionAt("app/config", Stages.CURRENT).orElseThrow().versionId()).isEqualTo("v1");
        assertThat(s.encryptionKeyId()).isEqualTo(LocalKeyRing.DEFAULT_KEY_ID);
        assertThat(s.rotation().state()).isEqualTo(AutomaticRotation.Disabled);
    }

    @Test
    void aManagedSecretWithRotationIsDueOneIntervalFromNowAndScheduled() {
        Secret s = service.create(request("db/app", "Rds", RDS_VALUE, RDS_CONFIG, true, "6h", null));
        assertThat(s.rotation().state()).isEqualTo(AutomaticRotation.Enabled);
        assertThat(s.rotation().nextRotation()).isEqualTo(now.plus(Duration.ofHours(6)));
        assertThat(scheduled).extracting(Secret::name).containsExactly("db/app");
        assertThat(store.find("db/app")).get().isEqualTo(s);
    }

    @Test
    void badInputIsRefusedWithItsFieldAndChangesNothing() {
        String asymmetric = keys.createKey("RSA_2048", "signing").keyId();
        List<NewSecretRequest> bad = List.of(
                request("x".repeat(193), "Generic", "v", null, false, null, null),
                request("acs/db", "Rds", RDS_VALUE, RDS_CONFIG, false, null, null),
                request("db/short", "Rds", RDS_VALUE, RDS_CONFIG, true, "5h", null),
                request("db/nokey", "Rds", RDS_VALUE, "{\"SecretSubType\":\"DoubleUsers\"}", false, null, null),
                request("g/unknown-key", "Generic", "v", null, false, null, "no-such-key"),
                request("g/asymmetric", "Generic", "v", null, false, null, asymmetric),
                request("g/too-big", "Generic", "x".repeat(30_721), null, false, null, null),
                request("redis/app", "Redis", "$Auto", "{\"SecretSubType\":\"DoubleUsers\",\"AccountName\":\"a\","
                        + "\"CloneAccountName\":\"a_clone\",\"AccountPrivilege\":\"RoleReadOnly\",\"InstanceId\":\"r1\"}",
                        false, null, null));
        List<String> fields = List.of("SecretName", "SecretName", "RotationInterval", "ExtendedConfig.DBInstanceId",
                "EncryptionKeyId", "EncryptionKeyId", "SecretData", "SecretType");
        for (int i = 0; i < bad.size(); i++) {
            NewSecretRequest r = bad.get(i);
            assertThatThrownBy(() -> service.create(r)).as(r.toString())
                    .isInstanceOf(RotatorException.class).hasMessageStartingWith(fields.get(i));
        }
        assertThat(store.count()).isZero();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void aDuplicateNameIsRejectedAndTheFirstSecretStaysAsItWas() {
        service.create(request("app/dup", "Generic", "first", null, false, null, null));
        assertThatThrownBy(() -> service.create(request("app/dup", "Generic", "second", null, false, null, null)))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXIST));
        assertThat(store.versionAt("app/dup", Stages.CURRENT).orElseThrow().value().text()).isEqualTo("first");
    }

    @Test
    void enablingRotationLongAfterTheLastOneSchedulesItNow() {
        Secret s = service.create(request("db/late", "Rds", RDS_VALUE, RDS_CONFIG, false, null, null));
        store.update(new Secret(s.name(), s.type(), s.description(), s.encryptionKeyId(), s.tags(), s.extendedConfig(),
                s.rotation(), null, null, now.minus(Duration.ofDays(30)), now));
        Secret updated = service.updateRotationPolicy("db/late", true, "7d");
        assertThat(updated.rotation().nextRotation()).isEqualTo(now);
        assertThat(updated.rotation().interval()).isEqualTo(Duration.ofDays(7));

        Secret disabled = service.updateRotationPolicy("db/late", false, null);
        assertThat(disabled.rotation().state()).isEqualTo(AutomaticRotation.Disabled);
        assertThat(disabled.rotation().nextRotation()).isNull();
        assertThat(scheduled).extracting(Secret::name).containsExactly("db/late", "db/late", "db/late");

        assertThatThrownBy(() -> service.updateRotationPolicy("db/late", true, "366d"))
                .isInstanceOf(RotatorException.class).hasMessageStartingWith("RotationInterval");
        assertThat(store.find("db/late").orElseThrow().rotation().state()).isEqualTo(AutomaticRotation.Disabled);
    }

    @Test
    void randomPasswordsFollowTheRequestAndDiffer() {
        RandomPasswordRequest digitsAndLetters = new RandomPasswordRequest(20, "0O1lI", false, false, false, true, true);
        String a = service.randomPassword(digitsAndLetters);
        String b = service.randomPassword(digitsAndLetters);
        assertThat(a).hasSize(20).matches("[A-Za-z2-9]+").doesNotContainPattern("[0O1lI]");
        assertThat(a).isNotEqualTo(b);
        assertThat(service.randomPassword(RandomPasswordRequest.defaults())).hasSize(32);
        assertThatThrownBy(() -> service.randomPassword(new RandomPasswordRequest(200, null, false, false, false, false,
                true))).isInstanceOf(RotatorException.class).hasMessageStartingWith("PasswordLength");
    }

    @Test
    void whatProvisionMadeIsRemovedWhenTheStoreThenRefusesTheSecret() {
        List<String> undone = new ArrayList<>();
        FakeAccountsRotator racing = new FakeAccountsRotator() {
            @Override
            public SecretValue provision(Secret secret, SecretValue initialValue) {
                // Another CreateSecret of the same name stores its secret while this one provisions.
                store.create(secret, new NewVersion("theirs", initialValue, now));
                return initialValue;
            }

            @Override
            public void deprovision(Secret secret, SecretValue initialValue, SecretValue provisioned) {
                undone.add(secret.name());
            }
        };
        SecretService raced = new SecretService(store, keys, new RotatorRegistry(Map.of(SecretType.RDS, racing)),
                scheduled::add, Clock.fixed(now, ZoneOffset.UTC));

        assertThatThrownBy(() -> raced.create(request("db/raced", "Rds", RDS_VALUE, RDS_CONFIG, false, null, null)))
                .isInstanceOf(RotatorException.class)
                .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.RESOURCE_EXIST));
        assertThat(undone).containsExactly("db/raced");
        assertThat(store.versionAt("db/raced", Stages.CURRENT).orElseThrow().versionId()).as("the winner's secret")
                .isEqualTo("theirs");
        assertThat(scheduled).isEmpty();
    }
}
