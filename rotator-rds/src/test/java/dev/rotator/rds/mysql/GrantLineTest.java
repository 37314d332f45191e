package dev.rotator.rds.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** SHOW GRANTS lines as MariaDB 10.11 and MySQL 8 print them. */
class GrantLineTest {

    @Test
    void readsPrivilegesObjectAndGrantOptionAndDropsThePasswordHash() {
        GrantLine usage = GrantLine.parse("GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD "
                + "'*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19' REQUIRE SSL").orElseThrow();
        assertThat(usage.privileges()).isEmpty();
        assertThat(usage.object()).isEqualTo("*.*");

        GrantLine columns = GrantLine.parse("GRANT SELECT (`a`, `b`), INSERT ON `db`.`t` TO `u`@`10.0.%` WITH GRANT OPTION")
                .orElseThrow();
        assertThat(columns.privileges()).containsExactly("SELECT (`a`, `b`)", "INSERT");
        assertThat(columns.object()).isEqualTo("`db`.`t`");
        assertThat(columns.grantOption()).isTrue();
    }

    @Test
    void keywordsInAnyCaseAndWhitespaceRunsInPrivileges() {
        GrantLine g = GrantLine.parse("grant SELECT,\n  LOCK \t TABLES, usage on `db`.* To `u`@`%` with Grant option")
                .orElseThrow();
        assertThat(g.privileges()).containsExactly("SELECT", "LOCK TABLES");
        assertThat(g.object()).isEqualTo("`db`.*");
        assertThat(g.grantOption()).isTrue();
        assertThat(GrantLine.defaultRole("set default role `r` for `u`@`%`")).contains("`r`");
        assertThat(GrantLine.parse("GRANT SELECT ON `db`.* `TO` `u`@`%`")).isEmpty();
    }

    @Test
    void whitespaceCollapsesAsTheRegexDid() {
        String alphabet = " \t\n\u000B\f\r\u001C\u00A0\u2028aB,`(";
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            assertThat(GrantLine.collapseWhitespace(text)).as("'%s'", text).isEqualTo(text.replaceAll("\\s+", " "));
        }
    }

    @Test
    void quotedNamesHoldingKeywordsDoNotSplitTheLine() {
        GrantLine g = GrantLine.parse("GRANT SELECT ON `a TO b`.`x ON y` TO `u`@`%`").orElseThrow();
        assertThat(g.object()).isEqualTo("`a TO b`.`x ON y`");
        assertThat(g.privileges()).containsExactly("SELECT");
    }

    @Test
    void readsRoleLinesOfBothServersAndMariaDbsDefaultRole() {
        assertThat(GrantLine.parse("GRANT `app_role` TO `u`@`%`").orElseThrow().object()).isNull();
        assertThat(GrantLine.parse("GRANT `r1`@`%`,`r2`@`%` TO `u`@`%`").orElseThrow().privileges())
                .containsExactly("`r1`@`%`", "`r2`@`%`");
        assertThat(GrantLine.defaultRole("SET DEFAULT ROLE `app_role` FOR `u`@`%`")).contains("`app_role`");
        assertThat(GrantLine.parse("SET DEFAULT ROLE `app_role` FOR `u`@`%`")).isEmpty();
    }

    @Test
    void readsMySql8DynamicPrivilegesAndProcedures() {
        GrantLine dynamic = GrantLine.parse("GRANT BACKUP_ADMIN,XA_RECOVER_ADMIN ON *.* TO `u`@`%`").orElseThrow();
        assertThat(dynamic.privileges()).containsExactly("BACKUP_ADMIN", "XA_RECOVER_ADMIN");
        GrantLine proc = GrantLine.parse("GRANT EXECUTE ON PROCEDURE `db`.`p` TO `u`@`%`").orElseThrow();
        assertThat(proc.object()).isEqualTo("PROCEDURE `db`.`p`");
    }

    @Test
    void diffsGrantWhatIsMissingAndRevokeWhatIsExtra() {
        AccountGrants source = AccountGrants.read(List.of("GRANT USAGE ON *.* TO `u`@`%`",
                "GRANT SELECT, INSERT ON `db`.* TO `u`@`%` WITH GRANT OPTION", "GRANT `r` TO `u`@`%`"));
        AccountGrants clone = AccountGrants.read(List.of("GRANT USAGE ON *.* TO `u_clone`@`%`",
                "GRANT SELECT, DELETE ON `db`.* TO `u_clone`@`%`", "GRANT `old` TO `u_clone`@`%`"));
        assertThat(source.grantsMissingFrom(clone, "`u_clone`@`%`")).containsExactly(
                "GRANT INSERT ON `db`.* TO `u_clone`@`%`",
                "GRANT USAGE ON `db`.* TO `u_clone`@`%` WITH GRANT OPTION",
                "GRANT `r` TO `u_clone`@`%`");
        assertThat(clone.revokesBeyond(source, "`u_clone`@`%`")).containsExactly(
                "REVOKE DELETE ON `db`.* FROM `u_clone`@`%`",
                "REVOKE `old` FROM `u_clone`@`%`");
    }
}
