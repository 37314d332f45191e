package dev.rotator.worker.rds;

import com.aliyun.tea.TeaException;
import dev.rotator.worker.rds.RdsWorker.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static dev.rotator.worker.testing.SdkCalls.message;
import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rds secrets end to end, on the throwaway MariaDB 10.11 and PostgreSQL 15 servers: a worker started from a
 * configuration with a {@code targets:} entry per server, its real Rds rotator, and only what an application or an
 * operator does through the official SDK (CreateSecret, GetSecretValue, RotateSecret, ListSecretVersionIds,
 * DescribeSecret), checked by logging in to the server with what GetSecretValue serves, on fresh connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RdsEndToEndTest {
    private RdsWorker w;

    @BeforeAll
    void start() throws Exception {
        w = RdsWorker.start(RdsServer.values());
    }

    @AfterAll
    void stop() throws Exception {
        if (w != null) {
            w.close();
        }
    }

    static Map<String, Object> created(Sandbox sb, String subType, String account, String permission) {
        return sb.created(subType, account, permission);
    }

    private static Map<String, Object> imported(Sandbox sb, String subType) {
        return Map.of("SecretSubType", subType, "DBInstanceId", sb.targetId);
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void aDualSecretInCreateModeServesALoginThatAlternatesBetweenThePairOnEachRotation(RdsServer server)
            throws Exception {
        Sandbox sb = w.on(server);
        String name = secretName("dual");
        String app = sb.account("app");
        w.create(name, "$Auto", created(sb, "DoubleUsers", app, "ReadWrite"));

        Login first = w.current(name);
        assertThat(first.name()).as("the value is the flat login of the primary").isEqualTo(app);
        assertThat(server.accountExists(app + "_clone")).as("CreateSecret made the clone too").isTrue();
        runs(sb, first, "CREATE TABLE orders (id INT)", "INSERT INTO orders VALUES (1)");

        w.rotate(name);
        Login second = w.current(name);
        assertThat(second.name()).isEqualTo(app + "_clone");
        // What the other login created stays fully usable: read, written and altered (PostgreSQL: owned by app).
        runs(sb, second, "INSERT INTO orders VALUES (2)", "ALTER TABLE orders ADD COLUMN note VARCHAR(20)",
                "CREATE TABLE refunds (id INT)");
        assertPreviousLogsIn(sb, name, first);

        w.rotate(name);
        Login third = w.current(name);
        assertThat(third.name()).as("back to the primary").isEqualTo(app);
        assertThat(third.password()).isNotEqualTo(first.password());
        runs(sb, third, "INSERT INTO orders VALUES (3, 'x')", "DROP TABLE refunds");
        assertPreviousLogsIn(sb, name, second);
        assertThat(server.logsIn(sb.database, first)).as("the value two generations old").isFalse();
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void anImportedAccountIsServedAsGivenAndItsFirstRotationMakesTheClone(RdsServer server) throws Exception {
        Sandbox sb = w.on(server);
        Login existing = sb.existingAccount("imp");
        String name = secretName("import");
        w.create(name, existing.imported(), imported(sb, "DoubleUsers"));
        assertThat(w.current(name)).isEqualTo(existing);
        assertThat(server.accountExists(existing.name() + "_clone")).as("import makes nothing at creation").isFalse();

        w.rotate(name);
        Login clone = w.current(name);
        assertThat(clone.name()).isEqualTo(existing.name() + "_clone");
        runs(sb, clone, "CREATE TABLE imported (id INT)", "INSERT INTO imported VALUES (1)");
        assertPreviousLogsIn(sb, name, existing);
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void aWrongImportedPasswordIsAcceptedAndTheFirstRotationRepairsIt(RdsServer server) throws Exception {
        Sandbox sb = w.on(server);
        Login existing = sb.existingAccount("bad");
        Login wrong = new Login(existing.name(), "Not-" + RdsWorker.password());
        String dual = secretName("wrong-dual");
        w.create(dual, wrong.imported(), imported(sb, "DoubleUsers"));
        assertThat(server.logsIn(sb.database, w.current(dual))).as("served as given, though it does not work").isFalse();

        w.rotate(dual);
        assertThat(server.logsIn(sb.database, w.current(dual))).as("the clone, now ACSCurrent").isTrue();
        w.rotate(dual);
        Login primary = w.current(dual);
        assertThat(primary.name()).isEqualTo(existing.name());
        assertThat(server.logsIn(sb.database, primary)).as("the primary, reset through the privileged account").isTrue();

        Login single = sb.existingAccount("bad1");
        String one = secretName("wrong-single");
        w.create(one, new Login(single.name(), "Not-" + RdsWorker.password()).imported(), imported(sb, "SingleUser"));
        w.rotate(one);
        assertThat(w.current(one).name()).isEqualTo(single.name());
        assertThat(server.logsIn(sb.database, w.current(one))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void aSingleAccountRotationResetsThePasswordAndTheOldOneIsRefused(RdsServer server) throws Exception {
        Sandbox sb = w.on(server);
        String name = secretName("single");
        String reader = sb.account("reader");
        w.create(name, "$Auto", created(sb, "SingleUser", reader, "ReadOnly"));
        Login before = w.current(name);
        assertThat(before.name()).isEqualTo(reader);
        assertThat(server.accountExists(reader + "_clone")).as("a single account has no clone").isFalse();
        assertThat(server.logsIn(sb.database, before)).isTrue();

        w.rotate(name);
        Login after = w.current(name);
        assertThat(after.name()).isEqualTo(reader);
        assertThat(server.logsIn(sb.database, after)).isTrue();
        assertThat(server.logsIn(sb.database, before)).as("the password before the rotation").isFalse();
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void aPrivilegedSingleAccountCanManageAccountsBeforeAndAfterItsRotation(RdsServer server) throws Exception {
        Sandbox sb = w.on(server);
        String name = secretName("super");
        String ops = sb.account("ops");
        w.create(name, "$Auto", Map.of("SecretSubType", "SingleUser", "DBInstanceId", sb.targetId,
                "AccountName", ops, "AccountType", "Super"));
        Login before = w.current(name);
        managesAnAccount(sb, before);

        w.rotate(name);
        Login after = w.current(name);
        assertThat(after.name()).isEqualTo(ops);
        assertThat(server.logsIn(null, before)).as("the password before the rotation").isFalse();
        managesAnAccount(sb, after);
    }

    private static void managesAnAccount(Sandbox sb, Login login) throws SQLException {
        String made = sb.server.quote(sb.account("made"));
        try (Connection c = sb.server.connect(null, login.name(), login.password()); Statement st = c.createStatement()) {
            st.execute("CREATE USER " + made);
            st.execute("DROP USER " + made);
        }
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void theTargetsPrivilegedAccountSecretRotatesThroughItselfAndKeepsManagingTheTarget(RdsServer server)
            throws Exception {
        Sandbox sb = w.on(server);
        Login before = w.current(sb.adminSecret);
        assertThat(before.name()).isEqualTo(sb.adminAccount);

        w.rotate(sb.adminSecret);
        Login after = w.current(sb.adminSecret);
        assertThat(after.name()).isEqualTo(sb.adminAccount);
        assertThat(server.logsIn(null, after)).isTrue();
        assertThat(server.logsIn(null, before)).as("the privileged password before the rotation").isFalse();

        // The target is managed with the new password from now on.
        String name = secretName("after-admin");
        w.create(name, "$Auto", created(sb, "DoubleUsers", sb.account("late"), "DMLOnly"));
        w.rotate(name);
        assertThat(server.logsIn(sb.database, w.current(name))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void badInputIsRefusedNamingTheFieldAndCreatesNothing(RdsServer server) throws Exception {
        Sandbox sb = w.on(server);
        String tooLong = "a".repeat(server.engine.maxBaseNameLength() + 1);
        record Case(String accountName, String instanceId, String field, String rule) {
        }
        List<Case> cases = List.of(
                new Case(sb.account("app"), "nowhere", "ExtendedConfig.DBInstanceId",
                        "is not declared in the worker's configuration"),
                new Case("app'; DROP USER root; --", sb.targetId, "ExtendedConfig.AccountName",
                        "must start with a letter and hold only letters, digits and underscores"),
                new Case("x\" SUPERUSER; --", sb.targetId, "ExtendedConfig.AccountName",
                        "must start with a letter and hold only letters, digits and underscores"),
                new Case(tooLong, sb.targetId, "ExtendedConfig.AccountName", "counting the _clone suffix"));
        for (Case c : cases) {
            String name = secretName("bad");
            Map<String, Object> config = Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", c.instanceId(),
                    "AccountName", c.accountName(), "AccountPrivilege", "ReadWrite", "DBNames", List.of(sb.database));
            TeaException e = refused(() -> w.create(name, "$Auto", config), 400, "InvalidParameter");
            assertThat(message(e)).as(c.toString()).startsWith(c.field() + ": ").contains(c.rule());
            w.assertNoSecret(name);
            assertThat(server.accountExists(c.accountName())).as(c.accountName()).isFalse();
            assertThat(server.accountExists(c.accountName() + "_clone")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void createModeForAnAccountThatAlreadyExistsIsRefusedAndLeavesItAlone(RdsServer server) throws Exception {
        Sandbox sb = w.on(server);
        Login existing = sb.existingAccount("taken");
        String name = secretName("taken");
        TeaException e = refused(() -> w.create(name, "$Auto", created(sb, "DoubleUsers", existing.name(),
                "ReadWrite")), 409, "Rejected.ResourceExist");
        assertThat(message(e)).startsWith("ExtendedConfig.AccountName: ").contains("already exists", "import it");
        w.assertNoSecret(name);
        assertThat(server.accountExists(existing.name() + "_clone")).as("no clone made").isFalse();
        assertThat(server.logsIn(sb.database, existing)).as("its password untouched").isTrue();
    }

    private static String secretName(String hint) {
        return "rds-e2e/" + hint + "-" + RdsWorker.unique();
    }

    /** GetSecretValue of ACSPrevious is the value before the last rotation, and it still logs in. */
    private void assertPreviousLogsIn(Sandbox sb, String name, Login expected) throws Exception {
        assertThat(w.previous(name)).isEqualTo(expected);
        assertThat(sb.server.logsIn(sb.database, expected)).as("ACSPrevious still logs in").isTrue();
    }

    /** Runs statements as the login on a fresh connection to the sandbox database; a refusal fails the test. */
    private static void runs(Sandbox sb, Login login, String... sql) throws SQLException {
        try (Connection c = sb.server.connect(sb.database, login.name(), login.password());
             Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
