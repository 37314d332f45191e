package dev.rotator.worker.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rotator.core.spi.Target;
import dev.rotator.core.spi.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ConfigLoaderTest {
    private static final String PASSWORD = "Sup3r-Secret-pw";
    private static final Path DOCS = Path.of("..", "docs");

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("rotator.yaml"), text);
    }

    @Test
    void withoutFileOrEnvironmentTheWorkerKeepsItsDataInDotDataAndListensOnLoopback8080() {
        WorkerConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c).isEqualTo(WorkerConfig.defaults());
        assertThat(c.dataDir()).isEqualTo("./data");
        assertThat(c.server()).isEqualTo(new WorkerConfig.Server("127.0.0.1", 8080));
        assertThat(c.store().jdbcUrl(c.dataPath()))
                .isEqualTo("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("rotator"));
        assertThat(c.store().poolSize()).isEqualTo(10);
        assertThat(c.scheduler()).isEqualTo(new WorkerConfig.Scheduler(4, "auto", "7500ms"));
        assertThat(c.rotation()).isEqualTo(new WorkerConfig.Rotation(4, "2s", "30s", "10m"));
        assertThat(c.shutdown().graceDuration()).hasSeconds(30);
    }

    @Test
    void theFileOverridesWhatItNamesAndLeavesTheRest() throws IOException {
        WorkerConfig c = ConfigLoader.load(yaml("""
                dataDir: /var/lib/rotator
                server:
                  port: 9000
                store:
                  url: jdbc:postgresql://db.internal:5432/rotator
                  username: rotator
                  poolSize: 20
                scheduler:
                  clustered: true
                rotation:
                  lockLease: 15m
                """), Map.of());
        assertThat(c.dataDir()).isEqualTo("/var/lib/rotator");
        assertThat(c.server()).isEqualTo(new WorkerConfig.Server("127.0.0.1", 9000));
        assertThat(c.store().jdbcUrl(c.dataPath())).isEqualTo("jdbc:postgresql://db.internal:5432/rotator");
        assertThat(c.store().username()).isEqualTo("rotator");
        assertThat(c.store().poolSize()).isEqualTo(20);
        assertThat(c.scheduler()).isEqualTo(new WorkerConfig.Scheduler(4, "true", "7500ms"));
        assertThat(c.rotation()).isEqualTo(new WorkerConfig.Rotation(4, "2s", "30s", "15m"));
        assertThat(c.shutdown()).isEqualTo(WorkerConfig.defaults().shutdown());
    }

    @Test
    void environmentVariablesWinOverTheFileIncludingNestedCamelCaseKeys() throws IOException {
        Path file = yaml("""
                server:
                  host: 10.0.0.5
                  port: 9000
                store:
                  poolSize: 20
                """);
        WorkerConfig c = ConfigLoader.load(file, Map.of("ROTATOR_SERVER_PORT", "9100",
                "ROTATOR_STORE_POOL_SIZE", "3", "ROTATOR_ROTATION_MAX_ATTEMPTS", "7",
                "ROTATOR_ROTATION_INITIAL_BACKOFF", "500ms", "ROTATOR_DATA_DIR", "/srv/rotator",
                "ROTATOR_STORE_PASSWORD", PASSWORD, "ROTATOR_TEST_PG_URL", "ignored: not a setting"));
        assertThat(c.server()).isEqualTo(new WorkerConfig.Server("10.0.0.5", 9100));
        assertThat(c.store().poolSize()).isEqualTo(3);
        assertThat(c.store().password()).isEqualTo(PASSWORD);
        assertThat(c.rotation().maxAttempts()).isEqualTo(7);
        assertThat(c.rotation().initialBackoffDuration()).hasMillis(500);
        assertThat(c.dataDir()).isEqualTo("/srv/rotator");
    }

    @Test
    void theRegionAndAccountOfArnsComeFromTheFileOrTheEnvironment() throws IOException {
        assertThat(WorkerConfig.defaults().kms()).isEqualTo(new WorkerConfig.Kms("cn-hangzhou", "1234567890123456"));
        Path file = yaml("kms:\n  regionId: ap-southeast-1\n  accountId: 1234567890123456\n");
        assertThat(ConfigLoader.load(file, Map.of()).kms())
                .isEqualTo(new WorkerConfig.Kms("ap-southeast-1", "1234567890123456"));
        assertThat(ConfigLoader.load(file, Map.of("ROTATOR_KMS_REGION_ID", "cn-shanghai")).kms())
                .isEqualTo(new WorkerConfig.Kms("cn-shanghai", "1234567890123456"));
    }

    @Test
    void aKmsInstanceIsReadFromTheFileAndItsSettingsAreCheckedTogether() throws IOException {
        String base = "kmsInstance:\n  endpoint: https://kst-1.cryptoservice.kms.aliyuncs.com\n  accessKeyId: LTAI1\n";
        WorkerConfig c = ConfigLoader.load(yaml(base + "  accessKeySecretFile: /etc/ak\n  dataKeyId: key-1\n"),
                Map.of("ROTATOR_KMS_INSTANCE_SECRET_NAMES", "app/a, app/b,"));
        assertThat(c.kmsInstance().wrapsDataKeys()).isTrue();
        assertThat(c.kmsInstance().names()).containsExactly("app/a", "app/b");

        assertThatThrownBy(() -> ConfigLoader.load(yaml(base), Map.of()))
                .hasMessageContaining("kmsInstance.endpoint").hasMessageContaining("uses it");
        assertThatThrownBy(() -> ConfigLoader.load(yaml(base + "  dataKeyId: key-1\n"), Map.of()))
                .hasMessageContaining("kmsInstance.accessKeySecretFile").hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ConfigLoader.load(yaml(base + "  accessKeySecretEnv: AK\n  secretNames: a\n"
                + "  secretTag: team=x\n"), Map.of())).hasMessageContaining("kmsInstance.secretTag")
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> ConfigLoader.load(yaml(base + "  accessKeySecretEnv: AK\n"), Map.of(
                "ROTATOR_KMS_INSTANCE_SECRET_TAG", "no-value"))).hasMessageContaining(
                "kmsInstance.secretTag (from ROTATOR_KMS_INSTANCE_SECRET_TAG) must be key=value");
    }

    @Test
    void everySettingHasItsVariable() {
        assertThat(ConfigLoader.paths()).extracting(ConfigLoader::envVariable).containsExactly(
                "ROTATOR_DATA_DIR", "ROTATOR_SERVER_HOST", "ROTATOR_SERVER_PORT", "ROTATOR_SERVER_TLS_CERT_FILE",
                "ROTATOR_SERVER_TLS_KEY_FILE", "ROTATOR_SERVER_ALLOW_PLAINTEXT_BEYOND_LOOPBACK", "ROTATOR_STORE_URL",
                "ROTATOR_STORE_USERNAME", "ROTATOR_STORE_PASSWORD", "ROTATOR_STORE_POOL_SIZE",
                "ROTATOR_SCHEDULER_THREADS", "ROTATOR_SCHEDULER_CLUSTERED", "ROTATOR_SCHEDULER_CHECKIN_INTERVAL",
                "ROTATOR_ROTATION_MAX_ATTEMPTS",
                "ROTATOR_ROTATION_INITIAL_BACKOFF", "ROTATOR_ROTATION_MAX_BACKOFF", "ROTATOR_ROTATION_LOCK_LEASE",
                "ROTATOR_SHUTDOWN_GRACE", "ROTATOR_KMS_REGION_ID", "ROTATOR_KMS_ACCOUNT_ID",
                "ROTATOR_KMS_INSTANCE_ENDPOINT", "ROTATOR_KMS_INSTANCE_CA_FILE", "ROTATOR_KMS_INSTANCE_ACCESS_KEY_ID",
                "ROTATOR_KMS_INSTANCE_ACCESS_KEY_SECRET_FILE", "ROTATOR_KMS_INSTANCE_ACCESS_KEY_SECRET_ENV",
                "ROTATOR_KMS_INSTANCE_INSTANCE_ID", "ROTATOR_KMS_INSTANCE_DATA_KEY_ID",
                "ROTATOR_KMS_INSTANCE_SECRET_NAMES", "ROTATOR_KMS_INSTANCE_SECRET_TAG");
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndWhatIsAllowedThere() throws IOException {
        Path file = yaml("server:\n  prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'server.prot'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("host, port");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("data_dir: /x\n"), Map.of()))
                .hasMessageContaining("unknown key 'data_dir'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'server: {port: 70000}'                   | server.port            | must be between 0 and 65535
            'server: {port: -1}'                      | server.port            | must be between 0 and 65535
            'server: {port: eighty}'                  | server.port            | must be a whole number, got 'eighty'
            'server: {port: 80.5}'                    | server.port            | must be a whole number
            'server: {host: ""}'                      | server.host            | must not be empty
            'server: [1, 2]'                          | server                 | must be a mapping
            'server: {host: [a, b]}'                  | server.host            | must be a single value, not a list
            'dataDir: ""'                             | dataDir                | must not be empty
            'store: {poolSize: 0}'                    | store.poolSize         | must be at least 1
            'store: {url: "postgres://db/rotator"}'   | store.url              | jdbc:postgresql:
            'scheduler: {threads: 0}'                 | scheduler.threads      | must be at least 1
            'scheduler: {clustered: sometimes}'       | scheduler.clustered    | must be auto, true or false
            'scheduler: {checkinInterval: 500ms}'     | scheduler.checkinInterval | must be at least 1s
            'scheduler: {checkinInterval: often}'     | scheduler.checkinInterval | must be a duration
            'rotation: {maxAttempts: 0}'              | rotation.maxAttempts   | must be at least 1
            'rotation: {initialBackoff: 2}'           | rotation.initialBackoff | must be a duration
            'rotation: {maxBackoff: 1s}'              | rotation.maxBackoff    | must not be shorter than rotation.initialBackoff
            'rotation: {lockLease: 0s}'               | rotation.lockLease     | must be longer than 0
            'shutdown: {grace: soon}'                 | shutdown.grace         | must be a duration
            'shutdown: {grace: 99999999999999999d}'   | shutdown.grace         | must be a duration
            """)
    void aBadValueInTheFileIsRefusedNamingTheFieldTheFileAndTheRule(String yaml, String field, String rule)
            throws IOException {
        Path file = yaml(yaml + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field + " (in " + file + ")")
                .hasMessageContaining(rule);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            ROTATOR_SERVER_PORT           | 8o80   | server.port           | must be a whole number
            ROTATOR_SERVER_PORT           | 65536  | server.port           | must be between 0 and 65535
            ROTATOR_STORE_POOL_SIZE       | 0      | store.poolSize        | must be at least 1
            ROTATOR_SCHEDULER_THREADS     | -2     | scheduler.threads     | must be at least 1
            ROTATOR_SCHEDULER_CLUSTERED   | yes    | scheduler.clustered   | must be auto, true or false
            ROTATOR_ROTATION_MAX_ATTEMPTS | none   | rotation.maxAttempts  | must be a whole number
            ROTATOR_ROTATION_LOCK_LEASE   | 10     | rotation.lockLease    | must be a duration
            ROTATOR_SHUTDOWN_GRACE        | 1 min  | shutdown.grace        | must be a duration
            ROTATOR_KMS_REGION_ID         | cn:x   | kms.regionId          | must be a region id
            ROTATOR_KMS_REGION_ID         | ''     | kms.regionId          | must be a region id
            ROTATOR_KMS_ACCOUNT_ID        | 12a4   | kms.accountId         | must be an account id of 1 to 32 digits
            """)
    void aBadValueInTheEnvironmentIsRefusedNamingTheFieldTheVariableAndTheRule(String variable, String value,
                                                                              String field, String rule) {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field + " (from " + variable + ")")
                .hasMessageContaining(rule);
    }

    @Test
    void thePasswordIsInNoErrorMessageNorInToString() throws IOException {
        String store = "store:\n  url: jdbc:postgresql://db/rotator?user=rotator&password=" + PASSWORD
                + "\n  password: " + PASSWORD + "\n";
        WorkerConfig ok = ConfigLoader.load(yaml(store), Map.of());
        assertThat(ok.store().password()).isEqualTo(PASSWORD);
        assertThat(ok.toString()).doesNotContain(PASSWORD).contains("password=******");

        List<Throwable> errors = new ArrayList<>();
        for (String bad : List.of(
                "store:\n  password: " + PASSWORD + ": oops\n",            // YAML syntax error on the password's line
                "store:\n  password: '" + PASSWORD + "\n",                  // unterminated quote
                "store:\n  password: [" + PASSWORD + "]\n",                 // wrong type
                "store:\n  url: postgres://u:" + PASSWORD + "@db/x\n",      // a URL we do not take
                store + "  pasword: " + PASSWORD + "\n",                    // unknown key next to it
                store + "server:\n  port: 99999\n")) {
            errors.add(catchThrowable(() -> ConfigLoader.load(yaml(bad), Map.of())));
        }
        errors.add(catchThrowable(() -> ConfigLoader.load(null, Map.of("ROTATOR_STORE_PASSWORD", PASSWORD,
                "ROTATOR_STORE_URL", "mysql://root:" + PASSWORD + "@db"))));
        assertThat(errors).allSatisfy(e -> {
            assertThat(e).isInstanceOf(IllegalArgumentException.class);
            // the stack trace a log would print holds the causes too
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).doesNotContain(PASSWORD);
            }
        });
        assertThat(errors.get(0)).hasMessageContaining("is not valid YAML").hasMessageContaining("line 2");
    }

    @Test
    void anEmptyFileOrOneWithOnlyCommentsKeepsTheDefaults() throws IOException {
        assertThat(ConfigLoader.load(yaml(""), Map.of())).isEqualTo(WorkerConfig.defaults());
        assertThat(ConfigLoader.load(yaml("# nothing yet\n"), Map.of())).isEqualTo(WorkerConfig.defaults());
        assertThat(ConfigLoader.load(yaml("server:\n"), Map.of())).isEqualTo(WorkerConfig.defaults());
    }

    @Test
    void aMissingFileOrADuplicateKeyIsRefused() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.yaml does not exist");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("server:\n  port: 1\n  port: 2\n"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'port'");
    }

    @Test
    void targetsAreDeclaredInTheFileWithTheirKindsSettingsInOrder() throws IOException {
        WorkerConfig c = ConfigLoader.load(yaml("""
                targets:
                  - id: rm-orders
                    kind: rds
                    engine: mysql
                    host: orders-db.internal
                    port: 3306
                    tls: verify-full
                    caFile: /etc/rotator/ca.pem
                    adminSecret: targets/rm-orders/admin
                  - id: r-cache
                    kind: redis
                    nodes: ["10.0.0.7:6379", "10.0.0.8:6380"]
                    adminSecret: targets/r-cache/admin
                    aclPersistence: config-rewrite
                  - id: alice.ops_1
                    kind: ram
                    adminSecret: targets/ram/admin
                """), Map.of());
        assertThat(c.targets()).extracting(Target::id).containsExactly("rm-orders", "r-cache", "alice.ops_1");
        assertThat(c.targets().get(0)).isEqualTo(new Target("rm-orders", "rds", Map.of("engine", "mysql",
                "host", "orders-db.internal", "port", 3306, "tls", "verify-full", "caFile", "/etc/rotator/ca.pem",
                "adminSecret", "targets/rm-orders/admin")));
        assertThat(c.targets().get(1).settings()).containsEntry("nodes", List.of("10.0.0.7:6379", "10.0.0.8:6380"));
        assertThat(c.targets().get(2).settings()).containsOnlyKeys("adminSecret");
        // Nothing else moved, and variables still set the rest.
        assertThat(c.withTargets(List.of())).isEqualTo(WorkerConfig.defaults());
        assertThat(ConfigLoader.load(yaml("targets:\n"), Map.of("ROTATOR_SERVER_PORT", "9000")).server().port())
                .isEqualTo(9000);
    }

    private static final String RDS = "{id: db1, kind: rds, engine: mysql, host: db1.internal, adminSecret: a}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            targets: {id: db1}                                          | targets     | must be a list of mappings
            targets: [db1]                                              | targets[0]  | must be a mapping with id, kind
            targets: [{kind: rds}]                                      | targets[0].id | is required
            targets: [{id: "db 1", kind: rds}]                          | targets[0].id | must be 1 to 64 letters, digits
            targets: [{id: [a], kind: rds}]                             | targets[0].id | must be a single value, not a list
            targets: [RDS, RDS]                                         | targets[1].id | must be unique: 'db1' is also targets[0].id
            targets: [{id: db1}]                                        | targets[0].kind | is required: one of rds, polardb, redis, ecs, ram
            targets: [{id: db1, kind: oracle}]                          | targets[0].kind | must be one of rds, polardb, redis, ecs, ram, got 'oracle'
            targets: [{id: db1, kind: rds, engine: mysql, adminSecret: a}]  | targets[0].host | is required for kind rds
            targets: [{id: db1, kind: rds, engine: mysql, host: "", adminSecret: a}]  | targets[0].host | must be a single non-empty value
            targets: [{id: db1, kind: rds, engine: oracle, host: h, adminSecret: a}]  | targets[0].engine | must be mysql or postgresql, got 'oracle'
            targets: [{id: db1, kind: rds, engine: mysql, host: h, port: 70000, adminSecret: a}]  | targets[0].port | must be a port number from 1 to 65535, got '70000'
            targets: [{id: db1, kind: rds, engine: mysql, host: h, port: ssh, adminSecret: a}]  | targets[0].port | must be a port number
            targets: [{id: db1, kind: rds, engine: mysql, host: h, tls: on, adminSecret: a}]  | targets[0].tls | must be disable, require or verify-full
            targets: [{id: db1, kind: rds, engine: mysql, host: h}]     | targets[0].adminSecret | is required for kind rds
            targets: [{id: db1, kind: rds, engine: mysql, host: h, adminSecret: a, prot: 1}]  | targets[0].prot | is not a setting of kind rds; it takes id, kind, engine, host, port
            targets: [{id: db1, kind: rds, engine: mysql, host: h, adminSecret: a, caFile: }]  | targets[0].caFile | has no value
            targets: [{id: c, kind: redis, nodes: [], adminSecret: a, aclPersistence: none}]  | targets[0].nodes | must be a list of host:port
            targets: [{id: c, kind: redis, nodes: ["c1:0"], adminSecret: a, aclPersistence: none}]  | targets[0].nodes | got 'c1:0'
            targets: [{id: c, kind: redis, nodes: ["c1:6379"], adminSecret: a}]  | targets[0].aclPersistence | is required for kind redis
            targets: [{id: i-1, kind: ecs, host: web1, adminSecret: a}]  | targets[0].knownHosts | is required for kind ecs
            targets: [{id: alice, kind: ram, host: h, adminSecret: a}]  | targets[0].host | is not a setting of kind ram
            targets: [{id: alice, kind: ram, endpoint: "http://ram.aliyuncs.com", adminSecret: a}]  | targets[0].endpoint | may use http:// only for a loopback endpoint
            targets: [{id: alice, kind: ram, endpoint: "https://ram.aliyuncs.com/x", adminSecret: a}]  | targets[0].endpoint | must be host[:port], https://host[:port]
            """)
    void aBadTargetIsRefusedNamingItsFieldTheFileAndTheRule(String yaml, String field, String rule)
            throws IOException {
        Path file = yaml(yaml.replace("RDS", RDS) + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("configuration: " + field + " (in " + file + ") ")
                .hasMessageContaining(rule);
    }

    @Test
    void targetsBuiltInCodeAreCheckedToo() {
        WorkerConfig twice = WorkerConfig.defaults().withTargets(List.of(
                new Target("db1", "ram", Map.of("adminSecret", "a")), new Target("db1", "ram", Map.of("adminSecret", "a"))));
        assertThatThrownBy(twice::validate).hasMessage("configuration: targets[1].id must be unique: 'db1' is also "
                + "targets[0].id");
    }

    @Test
    void theExampleFileSetsEveryKeyToItsDocumentedDefault() throws IOException {
        Path example = DOCS.resolve("rotator.example.yaml");
        assertThat(ConfigLoader.load(example, Map.of())).isEqualTo(WorkerConfig.defaults());
        assertThat(ConfigLoader.leaves(new ObjectMapper(new YAMLFactory()).readTree(example.toFile()), ""))
                .containsExactlyElementsOf(Stream.concat(ConfigLoader.paths().stream(), Stream.of("targets")).toList());
    }

    /** The example's targets are commented out (a copy must declare none by mistake); uncommented, they load. */
    @Test
    void theExampleTargetsLoadOnceUncommentedOneOfEachKind() throws IOException {
        String example = Files.readString(DOCS.resolve("rotator.example.yaml"));
        int at = example.indexOf("\ntargets:\n");
        assertThat(at).as("the example ends with its targets").isPositive();
        String uncommented = example.substring(0, at) + example.substring(at).lines()
                .map(line -> line.replaceFirst("^# (?=-|  )", "")).collect(Collectors.joining("\n", "\n", "\n"));
        WorkerConfig c = ConfigLoader.load(yaml(uncommented), Map.of());
        assertThat(c.targets()).extracting(Target::kind)
                .containsExactlyInAnyOrder(Arrays.stream(TargetKind.values()).map(TargetKind::id).toArray(String[]::new));
        for (Target t : c.targets()) {
            assertThat(t.settings().keySet()).as(t.id()).containsExactlyInAnyOrderElementsOf(
                    TargetRules.settingsOf(TargetKind.fromId(t.kind()).orElseThrow()));
        }
    }

    @Test
    void theConfigurationPageDescribesEverySettingAndItsVariable() throws IOException {
        String page = Files.readString(DOCS.resolve("configuration.md"));
        for (String path : ConfigLoader.paths()) {
            assertThat(page).contains("`" + path + "`").contains("`" + ConfigLoader.envVariable(path) + "`");
        }
        String targets = page.substring(page.indexOf("## Targets"));
        for (TargetKind kind : TargetKind.values()) {
            assertThat(targets).contains("`" + kind.id() + "`", "`" + kind.field() + "`");
            for (String setting : TargetRules.settingsOf(kind)) {
                assertThat(targets).contains("`" + setting + "`");
            }
        }
    }
}
