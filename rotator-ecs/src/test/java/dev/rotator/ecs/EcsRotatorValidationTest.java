package dev.rotator.ecs;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Target;
import dev.rotator.rds.testing.TestContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What CreateSecret's check of an ECS secret refuses, without any host: validate reads the secret and the
 * configuration only (the target here points at a port where nothing listens, and is never dialled).
 */
class EcsRotatorValidationTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK2h4ZpfNg8KLb9asCyhwC/xV26iCDex/NMcg0KIWVKe c";
    private final TestContext context = new TestContext();
    private final EcsRotator rotator = new EcsRotator(context);

    EcsRotatorValidationTest() {
        context.targets.put("h1", new Target("h1", "ecs", Map.of("host", "127.0.0.1", "port", 1,
                "knownHosts", "[127.0.0.1]:1 " + KEY, "adminSecret", "admin/h1")));
    }

    private static Secret secret(Map<String, ?> config) {
        return new Secret("acs/ecs/x", SecretType.ECS, null, null, null, ExtendedConfig.of(config), null, null, null,
                Instant.now(), Instant.now());
    }

    private static Map<String, Object> config(String subType, Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("SecretSubType", subType, "InstanceId", "h1"));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private static SecretValue password(String user, String password) {
        return EcsLogin.password(user, password).value();
    }

    private void refused(Map<String, ?> config, SecretValue value, String field) {
        assertThatThrownBy(() -> rotator.validate(secret(config), value)).isInstanceOf(RotatorException.class)
                .hasMessageStartingWith(field + ":");
    }

    @Test
    void takesAPasswordOrAKeyPairThatNeverWasChecked() {
        rotator.validate(secret(config("Password")), password("root", "anything at all"));
        rotator.validate(secret(config("SSHKey", "KeyType", "RSA", "KeySize", "4096")),
                EcsLogin.keyPair("app", KEY, "not even a key").value());
    }

    @Test
    void refusesWhatTheSecretCannotBe() {
        refused(config("Windows"), password("root", "p"), "ExtendedConfig.SecretSubType");
        refused(Map.of("SecretSubType", "Password", "InstanceId", "nowhere"), password("root", "p"), "ExtendedConfig.InstanceId");
        refused(config("Password"), EcsLogin.keyPair("root", KEY, "k").value(), "SecretData");
        refused(config("SSHKey"), password("root", "p"), "SecretData");
        refused(config("Password"), password("root;reboot", "p"), "SecretData.UserName");
        refused(config("Password"), password("root", "two\nlines"), "SecretData.Password");
        refused(config("SSHKey", "KeyType", "DSA"), EcsLogin.keyPair("app", KEY, "k").value(), "ExtendedConfig.KeyType");
        refused(config("SSHKey", "KeyType", "RSA", "KeySize", "1024"), EcsLogin.keyPair("app", KEY, "k").value(),
                "ExtendedConfig.KeySize");
        refused(config("SSHKey", "KeySize", "4096"), EcsLogin.keyPair("app", KEY, "k").value(), "ExtendedConfig.KeySize");
        refused(config("Password", "KeyType", "RSA"), password("root", "p"), "ExtendedConfig.KeyType");
    }

    @Test
    void refusesATargetWithoutPinnedHostKeys() {
        context.targets.put("h1", new Target("h1", "ecs", Map.of("host", "127.0.0.1", "adminSecret", "a")));
        refused(config("Password"), password("root", "p"), "targets.h1.knownHosts");
        context.targets.put("h1", new Target("h1", "ecs", Map.of("host", "127.0.0.1", "adminSecret", "a",
                "knownHosts", "/no/such/known_hosts")));
        refused(config("Password"), password("root", "p"), "targets.h1.knownHosts");
        context.targets.put("h1", new Target("h1", "ecs", Map.of("host", "127.0.0.1", "adminSecret", "a",
                "knownHosts", "# nothing but a comment\nnot a key line\n")));
        refused(config("Password"), password("root", "p"), "targets.h1.knownHosts");
    }

    @Test
    void oneSecretPerUserAndTarget() {
        Secret s = secret(config("Password"));
        assertThat(rotator.identity(s, password("app", "a"))).isEqualTo(rotator.identity(secret(config("SSHKey")),
                EcsLogin.keyPair("app", KEY, "k").value()));
        assertThat(rotator.identity(s, password("app", "a")).orElseThrow().field()).isEqualTo("SecretData.UserName");
        assertThat(rotator.identity(s, password("app", "a"))).isNotEqualTo(rotator.identity(s, password("other", "a")));
    }

    @Test
    void secretsTravelOnStandardInputNeverOnTheCommandLine() {
        String password = "S3cret-'\"$(x)";
        RemoteCommand command = new LinuxCommands().setPassword("app", password);
        assertThat(command.command()).isEqualTo("chpasswd").doesNotContain(password);
        assertThat(command.stdin()).isEqualTo("app:" + password + "\n");
        assertThat(command.what()).doesNotContain(password);
        assertThat(EcsLogin.password("app", password).toString()).doesNotContain(password);
    }
}
