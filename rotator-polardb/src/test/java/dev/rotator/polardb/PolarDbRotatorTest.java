package dev.rotator.polardb;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.TestContext;
import dev.rotator.rds.testing.TestServer;
import dev.rotator.rds.testing.ZeroDowntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rotator.rds.testing.Sessions.logsIn;
import static dev.rotator.rds.testing.Sessions.runs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PolarDB rotator as CreateSecret and the engine drive it, against the throwaway MariaDB (DBType MySQL) and
 * PostgreSQL: creation makes both accounts, rotations alternate, a taken name makes nothing, and the dual pair
 * keeps 16 clients logging in through 20 rotations.
 */
class PolarDbRotatorTest {
    private static final String CLUSTER = "pc-1";

    static Map<String, Object> config(TestServer.Sandbox sb, String name, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("SecretSubType", "DoubleUsers");
        m.put("DBClusterId", CLUSTER);
        m.put("DBType", sb.server().engine() == DbEngine.MYSQL ? "MySQL" : "PostgreSQL");
        m.put("AccountName", name);
        m.put("CloneAccountName", DbEngine.cloneOf(name));
        m.put("AccountType", "Normal");
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    /** A secret as CreateSecret makes it, with the permission on the sandbox's database. */
    private static Rotation created(TestServer.Sandbox sb, String name, String privilege) {
        return created(sb, config(sb, name, "AccountPrivilege", privilege, "DBName", sb.database));
    }

    private static Rotation created(TestServer.Sandbox sb, Map<String, Object> config) {
        return Rotation.created(new PolarDbRotator(TestContext.of(sb, CLUSTER)), SecretType.POLARDB,
                "polardb/" + config.get("AccountName"), config, SecretValue.text("$Auto"));
    }

    private static boolean exists(TestServer.Sandbox sb, String account) {
        try (AccountAdmin admin = sb.accountAdmin()) {
            return admin.exists(account);
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void creationMakesBothAccountsWithThePermissionAskedAndNoMore(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            sb.admin("CREATE TABLE " + sb.table("t") + " (id INT)", "INSERT INTO " + sb.table("t") + " VALUES (1)");
            String u = sb.account("pcro");
            Rotation r = created(sb, u, "ReadOnly");
            assertThat(exists(sb, u)).isTrue();
            assertThat(exists(sb, DbEngine.cloneOf(u))).as("the clone is made at creation too").isTrue();

            List<SecretValue> both = List.of(r.current(), r.rotate());
            assertThat(both).extracting(Accounts::name).containsExactly(u, DbEngine.cloneOf(u));
            for (SecretValue v : both) {
                try (Connection c = sb.login(Accounts.name(v), Accounts.password(v))) {
                    assertThat(runs(c, "SELECT id FROM " + sb.table("t"))).as(Accounts.name(v) + " reads").isTrue();
                    assertThat(runs(c, "INSERT INTO " + sb.table("t") + " VALUES (2)")).as("read-only").isFalse();
                    assertThat(runs(c, "CREATE TABLE " + sb.table("t2") + " (id INT)")).as("read-only").isFalse();
                }
            }
        }
    }

    /** Each account in turn; what one makes, the other may write and drop (on PostgreSQL too: the clone acts as its primary). */
    @ParameterizedTest
    @EnumSource(TestServer.class)
    void rotationsAlternateAndEitherAccountMayUseWhatTheOtherMade(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            String u = sb.account("pcrw");
            Rotation r = created(sb, u, "ReadWrite");
            List<String> seen = new ArrayList<>();
            String madeByTheOther = null;
            for (int i = 0; i < 4; i++) {
                SecretValue previous = r.current();
                SecretValue current = r.rotate();
                seen.add(Accounts.name(current));
                String made = sb.table("made_" + i);
                try (Connection c = sb.login(Accounts.name(current), Accounts.password(current))) {
                    assertThat(runs(c, "CREATE TABLE " + made + " (id INT)")).isTrue();
                    if (madeByTheOther != null) {
                        assertThat(runs(c, "INSERT INTO " + madeByTheOther + " VALUES (" + i + ")")).isTrue();
                        assertThat(runs(c, "DROP TABLE " + madeByTheOther)).isTrue();
                    }
                }
                assertThat(logsIn(sb, Accounts.name(previous), Accounts.password(previous))).as("ACSPrevious").isTrue();
                madeByTheOther = made;
            }
            assertThat(seen).containsExactly(DbEngine.cloneOf(u), u, DbEngine.cloneOf(u), u);
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aNameTakenOnTheClusterIsRefusedAndNothingIsMade(TestServer server) {
        try (TestServer.Sandbox sb = server.sandbox()) {
            for (boolean cloneTaken : List.of(false, true)) {
                String u = sb.account("pctaken");
                String taken = cloneTaken ? DbEngine.cloneOf(u) : u;
                String free = cloneTaken ? u : DbEngine.cloneOf(u);
                try (AccountAdmin admin = sb.accountAdmin()) {
                    admin.createAccount(taken, "Taken-pw-1", List.of(sb.database), Permission.ReadOnly);
                }
                assertThatThrownBy(() -> created(sb, u, "ReadWrite")).isInstanceOf(RotatorException.class)
                        .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.RESOURCE_EXIST))
                        .hasMessageStartingWith("ExtendedConfig.AccountName: account '" + taken + "' already exists")
                        .hasMessageContaining("PolarDB secrets manage new accounts only");
                assertThat(exists(sb, free)).as("nothing made: " + free).isFalse();
                assertThat(logsIn(sb, taken, "Taken-pw-1")).as("the existing account is untouched").isTrue();
            }
        }
    }

    /** PolarDB for PostgreSQL takes no DBName nor AccountPrivilege: plain login roles, granted privileges later. */
    @Test
    void postgresqlWithoutDatabasesMakesLoginRolesAndTheCloneFollowsLaterGrants() throws Exception {
        try (TestServer.Sandbox sb = TestServer.POSTGRESQL.sandbox()) {
            sb.admin("CREATE TABLE t (id INT)");
            String u = sb.account("pcbare");
            Rotation r = created(sb, config(sb, u));
            try (Connection c = sb.login(u, Accounts.password(r.current()))) {
                assertThat(runs(c, "SELECT id FROM t")).as("no privilege yet").isFalse();
            }
            sb.admin("GRANT SELECT ON t TO " + u);
            SecretValue clone = r.rotate();
            assertThat(Accounts.name(clone)).isEqualTo(DbEngine.cloneOf(u));
            try (Connection c = sb.login(Accounts.name(clone), Accounts.password(clone))) {
                assertThat(runs(c, "SELECT id FROM t")).as("the clone holds what its primary was granted").isTrue();
                assertThat(runs(c, "INSERT INTO t VALUES (1)")).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void clientsNeverSeeAFailedLoginWhileTheSecretRotates(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            Rotation r = created(sb, sb.account("pczd"), "ReadWrite");
            ZeroDowntime.check(r.current(), r::rotate, ZeroDowntime.into(sb));
        }
    }
}
