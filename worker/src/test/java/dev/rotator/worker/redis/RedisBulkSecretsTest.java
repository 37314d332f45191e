package dev.rotator.worker.redis;

import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import dev.rotator.worker.auth.AccessKeyStore.NewAccessKey;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.testing.AdminCalls;
import dev.rotator.worker.testing.AdminCalls.Answer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rotator.redis.testing.Logins.logsIn;
import static dev.rotator.redis.testing.Logins.permits;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Create Bulk Secrets through /admin/v1 ({@code POST /admin/v1/targets/r-1/secrets}) on a worker whose redis target
 * is a throwaway primary and replica: every secret of the batch is made with both accounts on both nodes, or, when
 * any entry is refused (a bad field, a name given twice, a name or an account already taken anywhere), none is, and
 * the error names the entry and the field.
 */
class RedisBulkSecretsTest extends RedisWorkerFixture {
    private static final String PATH = "/targets/" + RedisPair.TARGET + "/secrets";

    /** One entry of the batch: a secret for the account, its target left to the path. */
    static Map<String, Object> entry(String account, String privilege) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("AccountName", account);
        config.put("AccountPrivilege", privilege);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("SecretName", "redis/" + account);
        e.put("ExtendedConfig", config);
        return e;
    }

    private Answer post(List<Map<String, Object>> secrets) {
        return w.admin.post(PATH, Map.of("Secrets", secrets));
    }

    @Test
    void oneCallMakesEverySecretWithBothAccountsOnEveryNode() throws Exception {
        String ro = uniqueName("bro");
        String rw = uniqueName("brw");
        String full = uniqueName("bfull");
        Map<String, Object> described = entry(full, "RoleReadWrite");
        described.put("Description", "orders cache");
        described.put("Tags", List.of(Map.of("TagKey", "team", "TagValue", "orders")));
        described.put("VersionId", "first");
        config(described).putAll(Map.of("SecretSubType", "DoubleUsers", "CloneAccountName", full + "_clone",
                "InstanceId", RedisPair.TARGET, "RegionId", "local"));

        Answer a = post(List.of(entry(ro, "RoleReadOnly"), entry(rw, "RoleReadWrite"), described));

        assertThat(a.status()).as(a.body().toString()).isEqualTo(201);
        assertThat(a.body().path("TargetId").asText()).isEqualTo(RedisPair.TARGET);
        List<String> names = new ArrayList<>();
        a.body().path("Secrets").forEach(s -> names.add(s.path("SecretName").asText()));
        assertThat(names).containsExactly("redis/" + ro, "redis/" + rw, "redis/" + full);
        JsonNode last = a.body().path("Secrets").get(2);
        assertThat(last.path("VersionId").asText()).isEqualTo("first");
        assertThat(last.path("SecretType").asText()).isEqualTo("Redis");
        assertThat(last.path("ExtendedConfig").path("CloneAccountName").asText()).isEqualTo(full + "_clone");
        assertThat(a.body().toString()).doesNotContain("AccountPassword");

        for (String account : List.of(ro, rw, full)) {
            SecretValue value = w.current("redis/" + account);
            assertThat(Accounts.name(value)).isEqualTo(account);
            for (RedisServer node : w.nodes()) {
                assertThat(RedisPair.user(node, account + "_clone")).as("the clone on " + node.node()).isNotNull();
                assertThat(logsIn(node, value)).as(account + " logs in on " + node.node()).isTrue();
            }
        }
        assertThat(permits(w.redis.primary, w.current("redis/" + ro), j -> j.set("bulk:k", "v"))).isFalse();
        assertThat(permits(w.redis.primary, w.current("redis/" + rw), j -> j.set("bulk:k", "v"))).isTrue();
        assertThat(w.sdk.describeSecret(new DescribeSecretRequest().setSecretName("redis/" + full)).getBody()
                .getDescription()).isEqualTo("orders cache");
        SecretValue rotated = w.rotate("redis/" + rw);
        assertThat(Accounts.name(rotated)).as("a bulk-made secret rotates as any other").isEqualTo(rw + "_clone");
    }

    /** A batch of three in which one entry is refused: the status, code and the start of the message. */
    private void refusedAndNothingMade(List<Map<String, Object>> batch, int status, String code, String messageStart,
                                       String... keptUsers) {
        Answer a = post(batch);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(status);
        assertThat(a.code()).isEqualTo(code);
        assertThat(a.message()).startsWith(messageStart);
        for (Map<String, Object> e : batch) {
            String name = String.valueOf(e.get("SecretName"));
            if (!name.startsWith("redis/kept-")) {
                w.assertNoSecret(name);
            }
            Object config = e.get("ExtendedConfig");
            if (config instanceof Map<?, ?> m && m.get("AccountName") instanceof String account) {
                for (String user : List.of(account, account + "_clone")) {
                    if (!List.of(keptUsers).contains(user)) {
                        w.assertNoUser(user);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("ExtendedConfig");
    }

    private List<Map<String, Object>> three(String hint) {
        return new ArrayList<>(List.of(entry(uniqueName(hint + "a"), "RoleReadWrite"),
                entry(uniqueName(hint + "b"), "RoleReadOnly"), entry(uniqueName(hint + "c"), "RoleReadWrite")));
    }

    @Test
    void aBadFieldInAnyEntryIsRefusedNamingTheEntryAndNothingIsMade() {
        List<Map<String, Object>> badName = three("n");
        badName.set(2, entry("9app", "RoleReadWrite"));
        refusedAndNothingMade(badName, 400, "InvalidParameter", "Secrets[2].ExtendedConfig.AccountName: ");

        List<Map<String, Object>> badPrivilege = three("p");
        badPrivilege.set(1, entry(uniqueName("p"), "RoleAdmin"));
        refusedAndNothingMade(badPrivilege, 400, "InvalidParameter", "Secrets[1].ExtendedConfig.AccountPrivilege: ");

        List<Map<String, Object>> otherTarget = three("t");
        config(otherTarget.get(0)).put("InstanceId", "r-other");
        refusedAndNothingMade(otherTarget, 400, "InvalidParameter",
                "Secrets[0].ExtendedConfig.InstanceId: must be the target in the path, 'r-1'");

        List<Map<String, Object>> unknownField = three("u");
        unknownField.get(1).put("SecretData", "Not-auto-pw-1");
        refusedAndNothingMade(unknownField, 400, "InvalidParameter", "Secrets[1].SecretData: unknown field");

        List<Map<String, Object>> badSecretName = three("s");
        badSecretName.get(1).put("SecretName", "acs/reserved");
        refusedAndNothingMade(badSecretName, 400, "InvalidParameter", "Secrets[1].SecretName: ");
    }

    @Test
    void aNameOrAnAccountGivenTwiceInTheBatchIsRefusedAndNothingIsMade() {
        List<Map<String, Object>> sameName = three("dn");
        sameName.get(2).put("SecretName", sameName.get(0).get("SecretName"));
        refusedAndNothingMade(sameName, 400, "InvalidParameter",
                "Secrets[2].SecretName: is Secrets[0].SecretName too");

        List<Map<String, Object>> sameAccount = three("da");
        sameAccount.get(1).put("ExtendedConfig", sameAccount.get(0).get("ExtendedConfig"));
        refusedAndNothingMade(sameAccount, 400, "InvalidParameter", "Secrets[1].ExtendedConfig.AccountName: '");
    }

    @Test
    void aSecretNameTakenInTheStoreIsRefusedAndNothingIsMade() throws Exception {
        String kept = uniqueName("kept");
        w.create("redis/kept-" + kept, RedisSecrets.config(kept, "RoleReadWrite"));
        List<Map<String, Object>> batch = three("st");
        batch.get(1).put("SecretName", "redis/kept-" + kept);
        refusedAndNothingMade(batch, 409, "Rejected.ResourceExist", "Secrets[1].SecretName: secret 'redis/kept-");
        for (RedisServer node : w.nodes()) {
            assertThat(logsIn(node, w.current("redis/kept-" + kept))).as("the existing secret still works").isTrue();
        }
    }

    @Test
    void anAccountTakenOnAnyNodeIsRefusedNamingItAndNothingIsMade() {
        List<Map<String, Object>> batch = three("acl");
        String account = (String) config(batch.get(2)).get("AccountName");
        try (Jedis admin = w.redis.replica.admin()) {
            admin.aclSetUser(account + "_clone", "on", ">Taken-pw-1-xyz", "~*", "+@read");
        }
        refusedAndNothingMade(batch, 409, "Rejected.ResourceExist", "Secrets[2].ExtendedConfig.AccountName: ACL user '"
                + account + "_clone' already exists on " + w.redis.replica.node(), account + "_clone");
        assertThat(RedisPair.user(w.redis.replica, account + "_clone")).as("the taken user is left alone").isNotNull();
        assertThat(RedisPair.user(w.redis.primary, account + "_clone")).isNull();
    }

    @Test
    void onlyAdminsMayCreateInBulk() {
        NewAccessKey key = w.worker.createAccessKey(uniqueName("reader"), PrincipalPolicy.reader(List.of(),
                List.of("redis/"), List.of()));
        Map<String, Object> e = entry(uniqueName("byreader"), "RoleReadOnly");
        Answer a = new AdminCalls(w.worker, key.accessKeyId(), key.accessKeySecret()).post(PATH,
                Map.of("Secrets", List.of(e)));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.code()).isEqualTo("Forbidden.NoPermission");
        w.assertNoSecret(String.valueOf(e.get("SecretName")));
        w.assertNoUser(String.valueOf(config(e).get("AccountName")));
    }

    @Test
    void aBodyWithoutSecretsOrATargetThatIsNoRedisOneIsRefused() {
        Answer empty = w.admin.post(PATH, Map.of("Secrets", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.message()).startsWith("Secrets: must list 1 to 50 secrets");
        Answer missing = w.admin.post(PATH, "{}");
        assertThat(missing.code()).isEqualTo("MissingParameter");
        assertThat(missing.message()).startsWith("Secrets: ");
        Answer nowhere = w.admin.post("/targets/r-nowhere/secrets", Map.of("Secrets", List.of(entry("x", "RoleReadOnly"))));
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.message()).startsWith("TargetId: target 'r-nowhere' is not declared");
        Answer rds = w.admin.post("/targets/db1/secrets", Map.of("Secrets", List.of(entry("x", "RoleReadOnly"))));
        assertThat(rds.status()).isEqualTo(400);
        assertThat(rds.message()).startsWith("TargetId: 'db1' is a rds target");
        Answer get = w.admin.get(PATH);
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.message()).isEqualTo("CreateBulkSecrets is POST only.");
    }
}
