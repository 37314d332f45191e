package dev.rotator.ram;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Target;
import dev.rotator.core.testing.InMemoryRotatorContext;
import dev.rotator.ram.testing.RamProbe;
import dev.rotator.ram.testing.RamServer;
import dev.rotator.ram.testing.RamServer.Credential;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local RAM server with a managing user ({@code rotator-admin}, every key action) whose key is the management
 * secret of target {@code alice} (a RAM user with no permissions of her own), and the rotator as the worker would
 * make it. Every AccessKeySecret handed out is remembered, for the no-secret-in-messages checks.
 */
final class RamFixture implements AutoCloseable {
    static final String USER = "alice";
    static final String ADMIN_USER = "rotator-admin";
    static final String ADMIN_SECRET = "targets/alice/ram-admin";

    final RamServer server = RamServer.start();
    private final InMemoryRotatorContext context = new InMemoryRotatorContext();
    final RamRotator rotator = new RamRotator(context);
    final List<String> secrets = new ArrayList<>();

    RamFixture() {
        this(RamServer.ALL);
    }

    /** @param adminMay what the management key may call */
    RamFixture(Set<String> adminMay) {
        server.addUser(ADMIN_USER, adminMay);
        server.addUser(USER, Set.of());
        Credential admin = remember(server.addKey(ADMIN_USER));
        context.secrets.put(ADMIN_SECRET, SecretValue.text("{\"AccessKeyId\":\"" + admin.accessKeyId()
                + "\",\"AccessKeySecret\":\"" + admin.accessKeySecret() + "\"}"));
        context.targets.put(USER, new Target(USER, "ram", Map.of("endpoint", server.endpoint(), "adminSecret", ADMIN_SECRET)));
    }

    Credential addKey() {
        return remember(server.addKey(USER));
    }

    Credential remember(Credential c) {
        secrets.add(c.accessKeySecret());
        return c;
    }

    static Secret secret() {
        return new Secret(SecretRulesNames.NAME, SecretType.RAM_CREDENTIALS, null, null, null,
                ExtendedConfig.of(Map.of("SecretSubType", "RamUserAccessKey", "UserName", USER)), null, null, null,
                Instant.now(), Instant.now());
    }

    /** SecretData at CreateSecret: these keys. */
    static SecretValue secretData(Credential... keys) {
        StringBuilder b = new StringBuilder("{\"AccessKeys\":[");
        for (int i = 0; i < keys.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"AccessKeyId\":\"").append(keys[i].accessKeyId())
                    .append("\",\"AccessKeySecret\":\"").append(keys[i].accessKeySecret()).append("\"}");
        }
        return SecretValue.text(b.append("]}").toString());
    }

    /** Whether a key authenticates on the server: a signed ListAccessKeys through the SDK (NoPermission counts). */
    boolean works(Credential c) {
        return works(c.accessKeyId(), c.accessKeySecret());
    }

    boolean works(AccessKey k) {
        return works(k.id(), k.secret());
    }

    private boolean works(String id, String secret) {
        return RamProbe.works(server, USER, id, secret);
    }

    /** Drops the target, so that secrets the test makes can point elsewhere. */
    void target(Target t) {
        context.targets.put(t.id(), t);
    }

    void value(String name, SecretValue v) {
        context.secrets.put(name, v);
    }

    @Override
    public void close() {
        server.close();
    }

    /** The generated name of alice's secret. */
    static final class SecretRulesNames {
        static final String NAME = dev.rotator.core.validation.SecretRules.ramSecretName(USER);
    }
}
