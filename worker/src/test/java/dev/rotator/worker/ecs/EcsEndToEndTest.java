package dev.rotator.worker.ecs;

import com.aliyun.tea.TeaException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.ecs.testing.HostUsers;
import dev.rotator.ecs.testing.HostUsers.User;
import dev.rotator.ecs.testing.SshLogins;
import dev.rotator.ecs.testing.SshServer;
import dev.rotator.worker.testing.ConfiguredWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.Map;

import static dev.rotator.worker.testing.SdkCalls.message;
import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECS secrets end to end, on a throwaway sshd: a worker started from a configuration whose {@code targets:} declare
 * the host (its keys pinned through a known_hosts file), its real ECS rotator, and only what an application or an
 * operator does through the official SDK, checked by logging in to the host with what GetSecretValue serves.
 *
 * <pre>
 * targets:
 *   - id: e2e-host-1a2b3c4d
 *     kind: ecs
 *     host: 127.0.0.1
 *     port: 41234
 *     knownHosts: /tmp/rotator-sshd-.../known_hosts
 *     adminSecret: acs/ecs/e2e-host-1a2b3c4d/rteroot_...
 * </pre>
 *
 * The management login is a uid-0 alias of root (HostUsers: the machine's real root password is never touched),
 * whose own ECS Password secret the test creates first through the SDK: rotating it rotates the login that rotates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SshServer host;
    private HostUsers users;
    private ConfiguredWorker w;
    private String targetId;
    private User root;
    private String rootSecret;

    @BeforeAll
    void start() throws Exception {
        host = SshServer.start();
        users = new HostUsers();
        try {
            root = users.rootAlias("e2eroot", "Root-" + ConfiguredWorker.unique());
            targetId = "e2e-host-" + ConfiguredWorker.unique();
            rootSecret = "acs/ecs/" + targetId + "/" + root.name();
            w = ConfiguredWorker.start(Files.createTempDirectory("rotator-ecs-e2e-"), """
                      - id: %s
                        kind: ecs
                        host: 127.0.0.1
                        port: %d
                        knownHosts: %s
                        adminSecret: %s
                    """.formatted(targetId, host.port(), host.knownHostsFile(), rootSecret));
            w.create("ECS", rootSecret, password(root.name(), root.password()), config("Password"));
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (w != null) {
                w.close();
            }
        } finally {
            try {
                host.close();
            } finally {
                users.close();
            }
        }
    }

    private Map<String, Object> config(String subType) {
        return Map.of("SecretSubType", subType, "InstanceId", targetId);
    }

    private static String password(String user, String password) throws Exception {
        return JSON.writeValueAsString(Map.of("UserName", user, "Password", password));
    }

    private static String keyPair(String user, String[] pair) throws Exception {
        return JSON.writeValueAsString(Map.of("UserName", user, "PublicKey", pair[0], "PrivateKey", pair[1]));
    }

    private JsonNode current(String name) throws Exception {
        return JSON.readTree(w.value(name, null));
    }

    @Test
    void aPasswordSecretServesALoginThatEachRotationReplaces() throws Exception {
        User app = users.user("e2eapp", "Old-" + ConfiguredWorker.unique());
        String name = "acs/ecs/" + targetId + "/" + app.name();
        w.create("ECS", name, password(app.name(), app.password()), config("Password"));
        assertThat(current(name).get("Password").asText()).as("GetSecretValue serves what was given")
                .isEqualTo(app.password());

        w.rotate(name);

        JsonNode next = current(name);
        assertThat(next.get("UserName").asText()).isEqualTo(app.name());
        assertThat(SshLogins.password(host, app.name(), next.get("Password").asText())).isTrue();
        assertThat(SshLogins.password(host, app.name(), app.password())).as("the old password is refused").isFalse();
        assertThat(JSON.readTree(w.value(name, "ACSPrevious")).get("Password").asText()).isEqualTo(app.password());
    }

    @Test
    void aKeyPairSecretServesANewKeyAndTheOldOneIsRemoved() throws Exception {
        User app = users.user("e2ekey", "Pw-" + ConfiguredWorker.unique());
        String[] initial = SshLogins.keygen(host, "initial");
        users.write(app, app.authorizedKeys(), initial[0] + "\n");
        String name = "acs/ecs/" + targetId + "/" + app.name() + "/key";
        w.create("ECS", name, keyPair(app.name(), initial), config("SSHKey"));

        w.rotate(name);

        JsonNode next = current(name);
        assertThat(next.get("PublicKey").asText()).startsWith("ssh-ed25519 ");
        assertThat(SshLogins.key(host, app.name(), next.get("PrivateKey").asText())).isTrue();
        assertThat(SshLogins.key(host, app.name(), initial[1])).as("the old key is removed").isFalse();
    }

    @Test
    void theManagementLoginsOwnSecretRotatesAndKeepsManaging() throws Exception {
        w.rotate(rootSecret);
        String rootPassword = current(rootSecret).get("Password").asText();
        assertThat(SshLogins.password(host, root.name(), rootPassword)).isTrue();
        assertThat(SshLogins.password(host, root.name(), root.password())).isFalse();

        User app = users.user("e2eafter", "Old-" + ConfiguredWorker.unique());
        String name = "acs/ecs/" + targetId + "/" + app.name();
        w.create("ECS", name, password(app.name(), app.password()), config("Password"));
        w.rotate(name);
        assertThat(SshLogins.password(host, app.name(), current(name).get("Password").asText())).isTrue();
    }

    @Test
    void aSecondSecretForTheSameUserOnTheSameHostIsRefused() throws Exception {
        User app = users.user("e2edup", "Pw-" + ConfiguredWorker.unique());
        String first = "acs/ecs/" + targetId + "/" + app.name();
        w.create("ECS", first, password(app.name(), app.password()), config("Password"));
        String second = first + "/again";

        TeaException e = refused(() -> w.create("ECS", second, keyPair(app.name(), SshLogins.keygen(host, "k")),
                config("SSHKey")), 409, "Rejected.ResourceExist");

        assertThat(message(e)).startsWith("SecretData.UserName:").contains(first).contains(app.name())
                .contains(targetId);
        w.assertNoSecret(second);
    }
}
