package dev.rotator.ram;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Target;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad targets and management secrets: an error naming the setting and the rule, before RAM is called. */
class RamRotatorValidationTest {

    @Test
    void endpointsAreHttpsUnlessLocal() {
        assertThat(RamEndpoint.parse("alice", null)).isEqualTo(new RamEndpoint("ram.aliyuncs.com", "HTTPS"));
        assertThat(RamEndpoint.parse("alice", "ram.aliyuncs.com")).isEqualTo(new RamEndpoint("ram.aliyuncs.com", "HTTPS"));
        assertThat(RamEndpoint.parse("alice", "https://ram-vpc.example:8443/"))
                .isEqualTo(new RamEndpoint("ram-vpc.example:8443", "HTTPS"));
        assertThat(RamEndpoint.parse("alice", "http://127.0.0.1:9000")).isEqualTo(new RamEndpoint("127.0.0.1:9000", "HTTP"));
        assertThat(RamEndpoint.parse("alice", "http://localhost:9000")).isEqualTo(new RamEndpoint("localhost:9000", "HTTP"));
        assertThatThrownBy(() -> RamEndpoint.parse("alice", "http://ram.aliyuncs.com"))
                .hasMessageContaining("targets.alice.endpoint").hasMessageContaining("loopback");
        assertThatThrownBy(() -> RamEndpoint.parse("alice", "https://ram.aliyuncs.com/path"))
                .hasMessageContaining("targets.alice.endpoint").hasMessageContaining("host[:port]");
    }

    @Test
    void aSecretMustNameADeclaredRamTarget() {
        try (RamFixture ram = new RamFixture()) {
            ram.target(new Target("alice", "rds", Map.of("adminSecret", "x")));
            assertThatThrownBy(() -> ram.rotator.validate(RamFixture.secret(), SecretValue.text("{}")))
                    .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.INVALID_PARAMETER))
                    .hasMessageContaining("ExtendedConfig.UserName").hasMessageContaining("ram target");
        }
    }

    @Test
    void theManagementSecretMustExistAndHoldAnAccessKey() {
        try (RamFixture ram = new RamFixture()) {
            ram.target(new Target("alice", "ram", Map.of("endpoint", ram.server.endpoint(), "adminSecret", "nope")));
            assertThatThrownBy(() -> ram.rotator.provision(RamFixture.secret(), RamFixture.secretData(ram.addKey())))
                    .hasMessageContaining("targets.alice.adminSecret").hasMessageContaining("'nope'");

            ram.value("nope", SecretValue.text("{\"AccountName\":\"x\",\"AccountPassword\":\"hunter2-secret\"}"));
            assertThatThrownBy(() -> ram.rotator.provision(RamFixture.secret(), RamFixture.secretData(ram.addKey())))
                    .hasMessageContaining("secret 'nope'").hasMessageContaining("AccessKeyId")
                    .hasMessageNotContaining("hunter2-secret");
        }
    }

    @Test
    void aPlaceholderShowsNoKeyAndAValueRoundTrips() {
        AccessKey k = new AccessKey("LTAIabc", "s3cr3t-value", java.time.Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(AccessKey.of(k.toValue(), "v")).isEqualTo(k);
        assertThat(k.toValue().text()).isEqualTo("{\"AccessKeyId\":\"LTAIabc\",\"AccessKeySecret\":\"s3cr3t-value\","
                + "\"GenerateTimestamp\":\"2024-01-01T00:00:00Z\"}");
        assertThat(k.toString()).doesNotContain("s3cr3t-value");
        assertThat(AccessKey.placeholder(java.time.Instant.now()).isPlaceholder()).isTrue();
    }
}
