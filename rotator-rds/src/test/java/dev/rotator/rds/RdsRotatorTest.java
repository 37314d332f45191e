package dev.rotator.rds;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.TestContext;
import dev.rotator.rds.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rotator.rds.testing.Sessions.logsIn;
import static dev.rotator.rds.testing.Sessions.runs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Rds rotator's steps, driven as the engine drives them, against the throwaway MariaDB and PostgreSQL. */
class RdsRotatorTest {
    private static final String TARGET = "db-1";

    private static Map<String, Object> config(String subType, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("SecretSubType", subType);
        m.put("DBInstanceId", TARGET);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> dualCreate(TestServer.Sandbox sb, String name, String privilege) {
        return config("DoubleUsers", "AccountName", name, "AccountPrivilege", privilege, "DBNames", List.of(sb.database));
    }

    /** A secret {@code rds/<hint>} under test and the account (a fresh name from the hint) it manages. */
    private record Managed(String account, Rotation rotation) {
        SecretValue rotate() {
            return rotation.rotate();
        }
    }

    /** A DoubleUsers secret that creates its account and the clone, with {@code privilege} on the sandbox database. */
    private static Managed creating(TestServer.Sandbox sb, String hint, String privilege) {
        return creating(sb, hint, privilege, TestContext.of(sb, TARGET));
    }

    private static Managed creating(TestServer.Sandbox sb, String hint, String privilege, TestContext context) {
        String u = sb.account(hint);
        return new Managed(u, new Rotation(new RdsRotator(context), "rds/" + hint, dualCreate(sb, u, privilege),
                SecretValue.text("$Auto")));
    }

    /**
     * An account made by hand with {@code password} (see {@link #createImported}) and a secret of {@code subType}
     * importing it with {@code given} as its value: the real password, or a wrong one.
     */
    private static Managed importing(TestServer.Sandbox sb, String hint, String subType, String password, String given) {
        String u = sb.account(hint);
        createImported(sb, u, password);
        return new Managed(u, new Rotation(new RdsRotator(TestContext.of(sb, TARGET)), "rds/" + hint, config(subType),
                Accounts.imported(u, given)));
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void dualCreateModeMakesBothAccountsWithTheSameGrantsAndRotationsAlternate(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            sb.admin("CREATE TABLE " + sb.table("t") + " (id INT)");
            Managed r = creating(sb, "dual", "ReadWrite");
            String u = r.account();

            List<String> seen = new java.util.ArrayList<>();
            SecretValue twoBack = null;
            for (int i = 0; i < 4; i++) {
                SecretValue before = r.rotation().current();
                SecretValue now = r.rotate();
                seen.add(Accounts.name(now));
                try (Connection c = sb.login(Accounts.name(now), Accounts.password(now))) {
                    assertThat(runs(c, "INSERT INTO " + sb.table("t") + " VALUES (" + i + ")")).isTrue();
                    assertThat(runs(c, "CREATE TABLE " + sb.table("t" + i) + " (id INT)")).isTrue();
                }
                if (i > 0) {
                    assertThat(logsIn(sb, Accounts.name(before), Accounts.password(before))).as("ACSPrevious still works").isTrue();
                }
                if (twoBack != null) {
                    assertThat(logsIn(sb, Accounts.name(twoBack), Accounts.password(twoBack)))
                            .as("the credential two generations old is refused").isFalse();
                }
                twoBack = i > 0 ? before : null;
            }
            assertThat(seen).containsExactly(u, DbEngine.cloneOf(u), u, DbEngine.cloneOf(u));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void theCloneGetsGrantsAddedToThePrimaryLater(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            sb.admin("CREATE TABLE " + sb.table("t") + " (id INT)");
            Managed r = creating(sb, "later", "ReadOnly");
            String u = r.account();
            r.rotate();
            sb.admin("GRANT INSERT ON " + sb.table("t") + " TO " + server.engine().quote(u)
                    + (server.engine() == DbEngine.MYSQL ? "@'%'" : ""));
            SecretValue clone = r.rotate();
            assertThat(Accounts.name(clone)).isEqualTo(DbEngine.cloneOf(u));
            try (Connection c = sb.login(u + "_clone", Accounts.password(clone))) {
                assertThat(runs(c, "INSERT INTO " + sb.table("t") + " VALUES (1)")).isTrue();
                assertThat(runs(c, "DELETE FROM " + sb.table("t"))).as("still read-only otherwise").isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void importModeMakesTheCloneOnTheFirstRotation(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            Managed r = importing(sb, "imp", "DoubleUsers", "Imported-pw-1", "Imported-pw-1");
            String u = r.account();
            SecretValue first = r.rotate();
            assertThat(Accounts.name(first)).isEqualTo(DbEngine.cloneOf(u));
            try (Connection c = sb.login(Accounts.name(first), Accounts.password(first))) {
                assertThat(runs(c, "SELECT * FROM " + sb.table("t"))).as("the clone has the imported account's grants").isTrue();
            }
            assertThat(logsIn(sb, u, "Imported-pw-1")).as("the imported account is untouched").isTrue();
            assertThat(Accounts.name(r.rotate())).isEqualTo(u);
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aWrongImportedPasswordIsRepairedByTheFirstRotation(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            Managed single = importing(sb, "wrong", "SingleUser", "Real-pw-1", "Not-the-password-1");
            SecretValue repaired = single.rotate();
            assertThat(Accounts.name(repaired)).isEqualTo(single.account());
            assertThat(logsIn(sb, single.account(), Accounts.password(repaired))).isTrue();

            Managed dual = importing(sb, "wrongdual", "DoubleUsers", "Real-pw-2", "Not-the-password-2");
            dual.rotate();
            SecretValue second = dual.rotate();
            assertThat(Accounts.name(second)).isEqualTo(dual.account());
            assertThat(logsIn(sb, dual.account(), Accounts.password(second))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void singleAccountRotationResetsThePasswordAndTheOldOneIsRefused(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            Managed r = importing(sb, "single", "SingleUser", "Old-pw-1", "Old-pw-1");
            String u = r.account();
            SecretValue now = r.rotate();
            assertThat(Accounts.name(now)).isEqualTo(u);
            assertThat(logsIn(sb, u, Accounts.password(now))).isTrue();
            assertThat(logsIn(sb, u, "Old-pw-1")).isFalse();
            SecretValue again = r.rotate();
            assertThat(logsIn(sb, u, Accounts.password(again))).isTrue();
            assertThat(logsIn(sb, u, Accounts.password(now))).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void singleCreateModeMakesAPrivilegedAccountThatCanManageAccounts(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            String u = sb.account("super");
            String made = sb.account("made");
            Rotation r = new Rotation(new RdsRotator(TestContext.of(sb, TARGET)), "rds/super",
                    config("SingleUser", "AccountName", u, "AccountType", "Super"), SecretValue.text("$Auto"));
            SecretValue now = r.rotate();
            try (Connection c = sb.login(u, Accounts.password(now))) {
                String create = server.engine() == DbEngine.MYSQL ? "CREATE USER '" + made + "'@'%' IDENTIFIED BY 'x-Pw-1'"
                        : "CREATE ROLE " + made + " LOGIN PASSWORD 'x-Pw-1'";
                assertThat(runs(c, create)).isTrue();
                assertThat(runs(c, "CREATE DATABASE " + made)).isTrue();
                assertThat(runs(c, "DROP DATABASE " + made)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void theTestStepFailsWhenTheAccountLostItsPrivilegesThoughItStillLogsIn(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            Managed r = creating(sb, "lost", "ReadWrite");
            String u = r.account();
            r.rotate();
            sb.admin(server.engine() == DbEngine.MYSQL
                    ? "REVOKE ALL PRIVILEGES ON " + DbEngine.MYSQL.quote(sb.database.replace("_", "\\_")) + ".* FROM '" + u + "'@'%'"
                    : "REVOKE CREATE ON SCHEMA public FROM " + u);
            assertThatThrownBy(r::rotate).isInstanceOf(RotatorException.class)
                    .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.ROTATION_FAILED))
                    .hasMessageContaining(DbEngine.cloneOf(u))
                    .hasMessageContaining(server.engine() == DbEngine.MYSQL ? "no privilege" : "creating a table");
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void generatedPasswordsWorkInsideAJdbcUrl(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            Managed r = creating(sb, "url", "ReadOnly");
            for (int i = 0; i < 3; i++) {
                SecretValue now = r.rotate();
                String url = sb.endpoint().url(sb.database) + "?user=" + Accounts.name(now) + "&password="
                        + Accounts.password(now);
                try (Connection c = DriverManager.getConnection(url)) {
                    assertThat(c.isValid(5)).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aWrongPrivilegedPasswordFailsTheRotationClearlyAndACSCurrentKeepsWorking(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            TestContext context = TestContext.of(sb, TARGET);
            Managed r = creating(sb, "adminpw", "ReadOnly", context);
            SecretValue current = r.rotate();
            SecretValue admin = context.secrets.get("admin-" + TARGET);
            context.secrets.put("admin-" + TARGET, Accounts.value(server.adminUser(), "Wrong-admin-pw-1"));

            assertThatThrownBy(r::rotate).isInstanceOf(RotatorException.class)
                    .hasMessageContaining("privileged account '" + server.adminUser() + "'")
                    .hasMessageNotContaining("Wrong-admin-pw-1")
                    .hasMessageNotContaining(server.adminPassword());
            assertThat(r.rotation().current()).isEqualTo(current);
            assertThat(logsIn(sb, Accounts.name(current), Accounts.password(current))).isTrue();

            context.secrets.put("admin-" + TARGET, admin);
            SecretValue next = r.rotate();
            assertThat(Accounts.name(next)).isEqualTo(DbEngine.cloneOf(r.account()));
            assertThat(logsIn(sb, Accounts.name(next), Accounts.password(next))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void thePrivilegedAccountsOwnSecretRotatesThroughItselfAndASetRunAgainAfterItChangedThePasswordResumes(
            TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            String adm = sb.account("selfadm");
            sb.admin(server.engine() == DbEngine.MYSQL
                    ? new String[] {"CREATE USER '" + adm + "'@'%' IDENTIFIED BY 'Self-adm-pw-1'",
                        "GRANT ALL PRIVILEGES ON *.* TO '" + adm + "'@'%' WITH GRANT OPTION"}
                    : new String[] {"CREATE ROLE " + adm + " LOGIN CREATEROLE CREATEDB PASSWORD 'Self-adm-pw-1'"});
            // The target's adminSecret is the secret being rotated: a SingleUser import of the privileged account.
            TestContext context = TestContext.of(sb, TARGET);
            context.targets.put(TARGET, sb.target(TARGET, "self"));
            SecretValue initial = Accounts.value(adm, "Self-adm-pw-1");
            context.secrets.put("self", initial);
            RdsRotator rotator = new RdsRotator(context);
            Rotation r = new Rotation(rotator, "self", config("SingleUser"), Accounts.imported(adm, "Self-adm-pw-1"));

            SecretValue pending = r.createOnly();
            rotator.set(new Rotator.SetRequest(r.secret, "t1", pending, initial));
            assertThat(logsIn(sb, adm, "Self-adm-pw-1")).as("set went through the account itself").isFalse();
            // The test step failed or the worker stopped before promote: the resumed rotation sets again.
            SecretValue now = r.rotate();
            assertThat(now).isEqualTo(pending);
            context.secrets.put("self", now);
            assertThat(logsIn(sb, adm, Accounts.password(now))).isTrue();

            SecretValue next = r.rotate(); // and the next rotation, from the promoted value
            assertThat(logsIn(sb, adm, Accounts.password(next))).isTrue();
            assertThat(logsIn(sb, adm, Accounts.password(now))).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void deprovisionDropsTheAccountsACreateModeMadeAndNeverAnImportedOne(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            RdsRotator rotator = new RdsRotator(TestContext.of(sb, TARGET));
            String u = sb.account("undo");
            SecretValue auto = SecretValue.text("$Auto");
            Rotation made = Rotation.created(rotator, SecretType.RDS, "rds/undo", dualCreate(sb, u, "ReadWrite"), auto);
            assertThat(logsIn(sb, u, Accounts.password(made.current()))).isTrue();

            rotator.deprovision(made.secret, auto, made.current());
            try (AccountAdmin admin = sb.accountAdmin()) {
                assertThat(admin.exists(u)).as("the account provision made").isFalse();
                assertThat(admin.exists(DbEngine.cloneOf(u))).as("its clone").isFalse();
            }

            String imported = sb.account("kept");
            createImported(sb, imported, "Imported-pw-1");
            SecretValue given = Accounts.imported(imported, "Imported-pw-1");
            Rotation adopted = Rotation.created(rotator, SecretType.RDS, "rds/kept", config("DoubleUsers"), given);
            rotator.deprovision(adopted.secret, given, adopted.current());
            assertThat(logsIn(sb, imported, "Imported-pw-1")).as("an imported account existed before").isTrue();
        }
    }

    /** An account made outside the rotator, as an operator would have: with SELECT on a table of the sandbox. */
    static void createImported(TestServer.Sandbox sb, String name, String password) {
        if (sb.server().engine() == DbEngine.MYSQL) {
            sb.admin("CREATE TABLE IF NOT EXISTS " + sb.table("t") + " (id INT)",
                    "CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT SELECT ON " + sb.table("t") + " TO '" + name + "'@'%'");
        } else {
            sb.admin("CREATE TABLE IF NOT EXISTS t (id INT)", "CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'",
                    "GRANT SELECT ON t TO " + name);
        }
    }
}
