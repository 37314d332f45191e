package dev.rotator.worker.api.openapi;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.Tag;
import dev.rotator.worker.api.HttpApi;
import dev.rotator.worker.auth.Access;
import dev.rotator.worker.auth.AccessKeyStore;
import dev.rotator.worker.auth.AccessKeyStore.NewAccessKey;
import dev.rotator.worker.auth.Authorizer;
import dev.rotator.worker.auth.NonceCache;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.metrics.MetricsRegistry;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import dev.rotator.worker.testing.TestStores;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real KMS API on a free port: Jetty, the H2 store, access keys, the authenticator and authorizer,
 * with test actions (the real ones come later) that count how often they run:
 * <ul>
 *   <li>GetSecretValue: per secret; echoes SecretName;</li>
 *   <li>CreateSecret: admin only; echoes SecretName;</li>
 *   <li>ListSecrets: a listing; names the stored secrets the caller may read;</li>
 *   <li>DeleteSecret: per secret; fails with an unexpected exception whose message holds a "value".</li>
 * </ul>
 * Secrets in the store: {@code granted}, {@code tagged} (env=prod), {@code other}. Principals: an admin,
 * and a reader of the name {@code granted}, the prefix {@code app/} and the tag env=prod.
 */
final class KmsApiFixture implements AutoCloseable {
    static final String LEAKY_VALUE = "s3cr3t-value-in-an-exception";

    final TestDatabase db;
    final JdbcSecretStore store;
    final AccessKeyStore keys;
    final NewAccessKey admin;
    final NewAccessKey reader;
    final Map<String, AtomicInteger> runs = new LinkedHashMap<>();
    final HttpApi http;

    KmsApiFixture() {
        db = TestDatabases.H2.create();
        LocalKeyRing ring = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
        EnvelopeCipher cipher = new EnvelopeCipher(ring);
        keys = new AccessKeyStore(db.database(), cipher, ring.ensureDefaultKey());
        store = new JdbcSecretStore(db.database(), cipher);
        store.create(TestStores.generic("granted"), TestStores.version("v1", "a"));
        store.create(tagged("tagged", new Tag("env", "prod")), TestStores.version("v1", "b"));
        store.create(TestStores.generic("other"), TestStores.version("v1", "c"));
        admin = keys.create("admin", PrincipalPolicy.admin());
        reader = keys.create("reader", PrincipalPolicy.reader(List.of("granted"), List.of("app/"),
                List.of(new Tag("env", "prod"))));

        Authorizer authorizer = new Authorizer(store::find, name -> Optional.empty());
        RequestAuthenticator authenticator = new RequestAuthenticator(keys::credential,
                new NonceCache(RequestAuthenticator.MAX_SKEW, 10_000), Clock.systemUTC());
        KmsActions actions = KmsActions.of(
                action("GetSecretValue", p -> Access.secret(p.required("SecretName")), (p, c) -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("SecretName", p.required("SecretName"));
                    out.put("VersionId", "v1");
                    out.put("VersionStages", Map.of("VersionStage", List.of("ACSCurrent")));
                    return out;
                }),
                action("CreateSecret", p -> Access.adminOnly(), (p, c) -> Map.of("SecretName", p.required("SecretName"))),
                action("ListSecrets", p -> Access.listing(), (p, c) -> {
                    List<Map<String, Object>> visible = store.list(null, 100).stream().filter(c::canRead)
                            .map(s -> Map.<String, Object>of("SecretName", s.name())).toList();
                    return Map.of("PageNumber", 1, "PageSize", 100, "TotalCount", visible.size(),
                            "SecretList", Map.of("Secret", visible));
                }),
                action("DeleteSecret", p -> Access.secret(p.required("SecretName")), (p, c) -> {
                    throw new IllegalStateException("unexpected, with " + LEAKY_VALUE);
                }));
        http = HttpApi.start(new WorkerConfig.Server("127.0.0.1", 0), () -> true, () -> true, new MetricsRegistry(),
                new KmsApi(new KmsDispatcher(authenticator, authorizer, actions)), null);
    }

    private static Secret tagged(String name, Tag tag) {
        Secret s = TestStores.generic(name);
        return new Secret(name, SecretType.GENERIC, null, s.encryptionKeyId(), List.of(tag), ExtendedConfig.EMPTY,
                s.rotation(), null, null, Instant.now(), Instant.now());
    }

    interface Handler {
        Map<String, Object> handle(Params p, Caller c);
    }

    private KmsAction action(String name, java.util.function.Function<Params, Access> access, Handler handler) {
        AtomicInteger count = new AtomicInteger();
        runs.put(name, count);
        return new KmsAction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Access access(Params params) {
                return access.apply(params);
            }

            @Override
            public Map<String, Object> handle(Params params, Caller caller) {
                count.incrementAndGet();
                return handler.handle(params, caller);
            }
        };
    }

    int port() {
        return http.port();
    }

    String endpoint() {
        return "127.0.0.1:" + port();
    }

    /** How often each test action ran, to prove a refused request ran nothing. */
    Map<String, Integer> runCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        runs.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    com.aliyun.kms20160120.Client client(String accessKeyId, String secret) {
        return client(accessKeyId, secret, null);
    }

    com.aliyun.kms20160120.Client client(String accessKeyId, String secret, String signatureAlgorithm) {
        try {
            return new com.aliyun.kms20160120.Client(new com.aliyun.teaopenapi.models.Config()
                    .setAccessKeyId(accessKeyId).setAccessKeySecret(secret).setRegionId("cn-hangzhou")
                    .setEndpoint(endpoint()).setProtocol("HTTP").setSignatureAlgorithm(signatureAlgorithm));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        http.close();
        db.close();
    }
}
