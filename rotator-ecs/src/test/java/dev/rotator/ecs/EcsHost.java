package dev.rotator.ecs;

import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.ecs.testing.HostUsers;
import dev.rotator.ecs.testing.SshLogins;
import dev.rotator.ecs.testing.SshServer;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.TestContext;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The throwaway sshd and its users for one test class, with what the worker would hand the rotator: the host as
 * target {@code host}, and the management logins' secrets. A secret rotated here whose name a target's adminSecret
 * names is kept in the context after each rotation, as the store would.
 */
final class EcsHost implements AutoCloseable {
    final SshServer server = SshServer.start();
    final HostUsers users = new HostUsers();
    final TestContext context = new TestContext();
    final EcsRotator rotator = new EcsRotator(context);

    /** Target {@code id} of this host, managed through {@code admin}'s password login, kept as secret {@code admin/<id>}. */
    String target(String id, HostUsers.User admin) {
        String secret = "admin/" + id;
        context.targets.put(id, server.target(id, secret));
        context.secrets.put(secret, EcsLogin.password(admin.name(), admin.password()).value());
        return id;
    }

    /**
     * Target {@code id} of this host, managed through {@code admin}'s key-pair login: a fresh Ed25519 pair, its public
     * half in {@code admin}'s authorized_keys, kept as secret {@code admin/<id>}.
     */
    String keyTarget(String id, HostUsers.User admin) {
        String[] pair = SshLogins.keygen(server, "admin");
        users.write(admin, admin.authorizedKeys(), pair[0] + "\n");
        String secret = "admin/" + id;
        context.targets.put(id, server.target(id, secret));
        context.secrets.put(secret, EcsLogin.keyPair(admin.name(), pair[0], pair[1]).value());
        return id;
    }

    /** A Password secret of {@code user} on the target, holding {@code password} (which may not work). */
    Rotation passwordSecret(String name, String targetId, String user, String password) {
        return Rotation.created(rotator, SecretType.ECS, name, Map.of("SecretSubType", "Password",
                "InstanceId", targetId), EcsLogin.password(user, password).value());
    }

    Rotation keySecret(String name, String targetId, String user, String[] keyPair, Map<String, String> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("SecretSubType", "SSHKey", "InstanceId", targetId));
        config.putAll(extra);
        return Rotation.created(rotator, SecretType.ECS, name, config,
                EcsLogin.keyPair(user, keyPair[0], keyPair[1]).value());
    }

    static EcsLogin login(SecretValue value) {
        return EcsLogin.parse(value, "value");
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            users.close();
        }
    }
}
