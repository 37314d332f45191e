package dev.rotator.worker;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.tea.TeaException;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Target;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.TestServer;
import dev.rotator.rds.testing.ZeroDowntime;
import dev.rotator.worker.testing.RunningWorker;
import dev.rotator.worker.testing.SdkSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.rotator.rds.testing.Sessions.logsIn;
import static dev.rotator.rds.testing.Sessions.runs;
import static dev.rotator.worker.testing.SdkCalls.message;
import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PolarDB secrets end to end, as an application and an operator meet them: a worker whose configuration declares
 * a PolarDB cluster on the throwaway MariaDB (DBType MySQL) and one on PostgreSQL, driven through the official
 * kms20160120 client. CreateSecret makes both accounts; RotateSecret alternates them, GetSecretValue serving the
 * other account each time while the previous one keeps working; what PolarDB does not support is refused with
 * nothing left behind; and 16 clients keep logging in through 20 rotations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolarDbSecretsTest {
    private final Map<TestServer, TestServer.Sandbox> sandboxes = new EnumMap<>(TestServer.class);
    private RunningWorker worker;
    private Client admin;

    @BeforeAll
    void start() throws Exception {
        List<Target> targets = new ArrayList<>();
        for (TestServer server : TestServer.values()) {
            TestServer.Sandbox sb = server.sandbox();
            sandboxes.put(server, sb);
            targets.add(new Target(cluster(server), "polardb", sb.target(cluster(server), adminSecret(server)).settings()));
        }
        worker = RunningWorker.start(targets);
        admin = worker.admin();
        for (TestServer server : TestServer.values()) {
            admin.createSecret(new CreateSecretRequest().setSecretName(adminSecret(server)).setVersionId("v1")
                    .setSecretData(Accounts.value(server.adminUser(), server.adminPassword()).text()));
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            worker.close();
        } finally {
            sandboxes.values().forEach(TestServer.Sandbox::close);
        }
    }

    private static String cluster(TestServer server) {
        return "pc-" + server.name().toLowerCase();
    }

    private static String adminSecret(TestServer server) {
        return "targets/" + cluster(server) + "/admin";
    }

    /** A PolarDB secret's ExtendedConfig for the server's cluster, with {@code changes} made. */
    private Map<String, Object> config(TestServer server, String account, String privilege, Object... changes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("SecretSubType", "DoubleUsers");
        m.put("DBClusterId", cluster(server));
        m.put("DBType", server.engine() == DbEngine.MYSQL ? "MySQL" : "PostgreSQL");
        m.put("AccountName", account);
        m.put("CloneAccountName", DbEngine.cloneOf(account));
        m.put("AccountType", "Normal");
        m.put("AccountPrivilege", privilege);
        m.put("DBName", sandboxes.get(server).database);
        for (int i = 0; i < changes.length; i += 2) {
            m.put((String) changes[i], changes[i + 1]);
        }
        return m;
    }

    private String create(Map<String, Object> config, String secretData) throws Exception {
        String name = "polardb/" + config.get("AccountName");
        admin.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v1").setSecretType("PolarDB")
                .setSecretData(secretData).setExtendedConfig(config));
        return name;
    }

    private SecretValue value(String name, String stage) throws Exception {
        return SecretValue.text(admin.getSecretValue(new GetSecretValueRequest().setSecretName(name)
                .setVersionStage(stage)).getBody().getSecretData());
    }

    /** RotateSecret, then ACSCurrent once its version is promoted ({@link SdkSecrets#rotate}). */
    private SecretValue rotate(String name) throws Exception {
        new SdkSecrets(admin, worker.worker.store()).rotate(name);
        return value(name, "ACSCurrent");
    }

    private boolean exists(TestServer server, String account) {
        try (AccountAdmin a = sandboxes.get(server).accountAdmin()) {
            return a.exists(account);
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void createSecretMakesBothAccountsWithThePermissionAsked(TestServer server) throws Exception {
        TestServer.Sandbox sb = sandboxes.get(server);
        String table = sb.table("t_" + server.name().toLowerCase());
        sb.admin("CREATE TABLE " + table + " (id INT)");
        String u = sb.account("e2ero");
        String name = create(config(server, u, "ReadOnly"), "$Auto");

        assertThat(exists(server, u)).isTrue();
        assertThat(exists(server, DbEngine.cloneOf(u))).as("the clone is made by CreateSecret too").isTrue();
        SecretValue current = value(name, "ACSCurrent");
        assertThat(Accounts.name(current)).isEqualTo(u);
        for (SecretValue v : List.of(current, rotate(name))) {
            try (Connection c = sb.login(Accounts.name(v), Accounts.password(v))) {
                assertThat(runs(c, "SELECT id FROM " + table)).as(Accounts.name(v) + " reads").isTrue();
                assertThat(runs(c, "INSERT INTO " + table + " VALUES (1)")).as(Accounts.name(v) + " is read-only")
                        .isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void rotationsAlternateAndThePreviousAccountKeepsWorking(TestServer server) throws Exception {
        TestServer.Sandbox sb = sandboxes.get(server);
        String u = sb.account("e2erw");
        String name = create(config(server, u, "ReadWrite"), "$Auto");
        List<SecretValue> generations = new ArrayList<>(List.of(value(name, "ACSCurrent")));
        for (int i = 1; i <= 4; i++) {
            SecretValue now = rotate(name);
            generations.add(now);
            SecretValue before = generations.get(i - 1);
            assertThat(Accounts.name(now)).as("rotation " + i + " serves the other account")
                    .isEqualTo(DbEngine.cloneOf(u).equals(Accounts.name(before)) ? u : DbEngine.cloneOf(u));
            try (Connection c = sb.login(Accounts.name(now), Accounts.password(now))) {
                assertThat(runs(c, "CREATE TABLE " + sb.table("e2e_" + u + "_" + i) + " (id INT)")).isTrue();
            }
            assertThat(value(name, "ACSPrevious")).isEqualTo(before);
            assertThat(logsIn(sb, Accounts.name(before), Accounts.password(before))).as("ACSPrevious works").isTrue();
            if (i >= 2) {
                SecretValue old = generations.get(i - 2);
                assertThat(logsIn(sb, Accounts.name(old), Accounts.password(old)))
                        .as("the credential two generations old is refused").isFalse();
            }
        }
    }

    /** What PolarDB does not support, or a name already taken on the cluster. */
    enum Refused {
        IMPORT(400, "InvalidParameter", "SecretData: "),
        SINGLE_ACCOUNT(400, "InvalidParameter", "ExtendedConfig.SecretSubType: "),
        SUPER_ACCOUNT(400, "InvalidParameter", "ExtendedConfig.AccountType: "),
        TAKEN_NAME(409, "Rejected.ResourceExist", "ExtendedConfig.AccountName: "),
        TAKEN_CLONE_NAME(409, "Rejected.ResourceExist", "ExtendedConfig.AccountName: ");

        final int status;
        final String code;
        final String field;

        Refused(int status, String code, String field) {
            this.status = status;
            this.code = code;
            this.field = field;
        }
    }

    static Stream<Arguments> refusals() {
        return Arrays.stream(TestServer.values())
                .flatMap(server -> Arrays.stream(Refused.values()).map(r -> Arguments.of(server, r)));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void whatPolarDbDoesNotSupportIsRefusedAndLeavesNothingBehind(TestServer server, Refused refusal) throws Exception {
        TestServer.Sandbox sb = sandboxes.get(server);
        String u = sb.account("e2eno");
        String taken = refusal == Refused.TAKEN_CLONE_NAME ? DbEngine.cloneOf(u) : u;
        if (refusal == Refused.TAKEN_NAME || refusal == Refused.TAKEN_CLONE_NAME) {
            try (AccountAdmin a = sb.accountAdmin()) {
                a.createAccount(taken, "Taken-pw-1", List.of(sb.database), Permission.ReadOnly);
            }
        }
        Map<String, Object> config = switch (refusal) {
            case SINGLE_ACCOUNT -> config(server, u, "ReadWrite", "SecretSubType", "SingleUser");
            case SUPER_ACCOUNT -> config(server, u, "ReadWrite", "AccountType", "Super");
            default -> config(server, u, "ReadWrite");
        };
        String data = refusal == Refused.IMPORT ? Accounts.imported(u, "Init-pw-1").text() : "$Auto";

        TeaException e = refused(() -> create(config, data), refusal.status, refusal.code);
        assertThat(message(e)).startsWith(refusal.field).doesNotContain("Taken-pw-1", "Init-pw-1");
        refused(() -> admin.describeSecret(new DescribeSecretRequest().setSecretName("polardb/" + u)), 404,
                "Forbidden.ResourceNotFound");
        for (String account : List.of(u, DbEngine.cloneOf(u))) {
            if (account.equals(taken) && refusal.status == 409) {
                assertThat(logsIn(sb, account, "Taken-pw-1")).as("the existing account is untouched").isTrue();
            } else {
                assertThat(exists(server, account)).as("no account " + account + " on the server").isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void clientsNeverSeeAFailedLoginWhileTheWorkerRotates(TestServer server) throws Exception {
        TestServer.Sandbox sb = sandboxes.get(server);
        String name = create(config(server, sb.account("e2ezd"), "ReadWrite"), "$Auto");
        ZeroDowntime.check(value(name, "ACSCurrent"), () -> rotate(name), ZeroDowntime.into(sb));
    }
}
