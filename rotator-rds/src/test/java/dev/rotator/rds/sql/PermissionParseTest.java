package dev.rotator.rds.sql;

import dev.rotator.core.RotatorException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermissionParseTest {

    @Test
    void namesReadInAnyCaseAroundSpaces() {
        assertThat(Permission.parse("f", "ReadWrite")).isEqualTo(Permission.ReadWrite);
        assertThat(Permission.parse("f", " readonly ")).isEqualTo(Permission.ReadOnly);
        assertThat(Permission.parse("f", "DDLONLY")).isEqualTo(Permission.DDLOnly);
        assertThat(Permission.parse("f", "dmlOnly")).isEqualTo(Permission.DMLOnly);
    }

    @Test
    void anythingElseRefusedNamingTheField() {
        for (String value : new String[] {null, "", "Read Write", "Everything"}) {
            assertThatThrownBy(() -> Permission.parse("ExtendedConfig.AccountPrivilege", value))
                    .isInstanceOf(RotatorException.class)
                    .hasMessage("ExtendedConfig.AccountPrivilege: must be one of ReadWrite, ReadOnly, DDLOnly, DMLOnly");
        }
    }
}
