package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.redis.testing.RedisServer;
import dev.rotator.worker.redis.RedisWorkerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.rotator.redis.testing.Logins.logsIn;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rotator secret create-bulk --target r-1 --file FILE} against a real worker whose redis target is a
 * throwaway primary and replica: what it prints, its exit status, and what it made (or did not) on both nodes.
 */
class RedisBulkCliTest extends RedisWorkerFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path keyFile;

    /** Runs after the fixture's start: the worker's admin key as the operator keeps it, for --key-file. */
    @BeforeAll
    void writeKeyFile(@TempDir Path dir) throws Exception {
        keyFile = dir.resolve("admin-key.json");
        Files.writeString(keyFile, JSON.writeValueAsString(Map.of("AccessKeyId", w.worker.adminId,
                "AccessKeySecret", w.worker.adminSecret)));
    }

    private CliRun createBulk(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("secret", "create-bulk", "--target", "r-1", "--file",
                file.toString(), "--endpoint", "http://" + w.worker.endpoint(), "--key-file", keyFile.toString()));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static Path file(Path dir, Object content) throws Exception {
        Path f = Files.createTempFile(dir, "secrets-", ".json");
        Files.writeString(f, content instanceof String s ? s : JSON.writeValueAsString(content));
        return f;
    }

    private static Map<String, Object> entry(String account, String privilege) {
        return Map.of("SecretName", "redis/" + account, "ExtendedConfig",
                Map.of("AccountName", account, "AccountPrivilege", privilege));
    }

    @Test
    void createsEverySecretOfTheFileAndListsThem(@TempDir Path dir) throws Exception {
        String a = uniqueName("cli-a");
        String b = uniqueName("cli-b");
        CliRun run = createBulk(file(dir, List.of(entry(a, "RoleReadWrite"), entry(b, "RoleReadOnly"))));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Created 2 secrets on target r-1:\n")
                .contains("  redis/" + a + " (Redis, version v1, accounts " + a + " and " + a + "_clone, RoleReadWrite)")
                .contains("  redis/" + b + " (Redis, version v1, accounts " + b + " and " + b + "_clone, RoleReadOnly)");
        for (String account : List.of(a, b)) {
            SecretValue value = w.current("redis/" + account);
            assertThat(run.all()).doesNotContain(Accounts.password(value));
            for (RedisServer node : w.nodes()) {
                assertThat(logsIn(node, value)).as(account + " on " + node.node()).isTrue();
            }
        }
    }

    @Test
    void jsonPrintsTheWorkersAnswer(@TempDir Path dir) throws Exception {
        String a = uniqueName("cli-j");
        CliRun run = createBulk(file(dir, Map.of("Secrets", List.of(entry(a, "RoleReadOnly")))), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode answer = JSON.readTree(run.out());
        assertThat(answer.path("TargetId").asText()).isEqualTo("r-1");
        assertThat(answer.path("Secrets").get(0).path("SecretName").asText()).isEqualTo("redis/" + a);
        assertThat(answer.path("Secrets").get(0).path("ExtendedConfig").path("AccountName").asText()).isEqualTo(a);
    }

    @Test
    void anAccountTakenOnANodeFailsWithStatus5NamingTheEntryAndNothingIsMade(@TempDir Path dir) throws Exception {
        String a = uniqueName("cli-free");
        String taken = uniqueName("cli-taken");
        try (Jedis admin = w.redis.primary.admin()) {
            admin.aclSetUser(taken, "on", ">Taken-pw-1-xyz", "~*", "+@read");
        }
        CliRun run = createBulk(file(dir, List.of(entry(a, "RoleReadWrite"), entry(taken, "RoleReadWrite"))));

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: Rejected.ResourceExist: Secrets[1].ExtendedConfig.AccountName: ACL user '"
                + taken + "' already exists on " + w.redis.primary.node()).doesNotContain("Taken-pw-1-xyz");
        w.assertNoSecret("redis/" + a);
        w.assertNoSecret("redis/" + taken);
        w.assertNoUser(a);
        w.assertNoUser(a + "_clone");
        w.assertNoUser(taken + "_clone");
    }

    @Test
    void aBadEntryFailsWithStatus2NamingTheFieldAndNothingIsMade(@TempDir Path dir) throws Exception {
        String a = uniqueName("cli-ok");
        CliRun run = createBulk(file(dir, List.of(entry(a, "RoleReadWrite"), entry(uniqueName("cli-bad"), "Owner"))));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: InvalidParameter: Secrets[1].ExtendedConfig.AccountPrivilege: "
                + "must be RoleReadWrite or RoleReadOnly");
        w.assertNoSecret("redis/" + a);
        w.assertNoUser(a);
    }

    @Test
    void aFileThatIsNoListOfSecretsIsAUsageError(@TempDir Path dir) throws Exception {
        CliRun notJson = createBulk(file(dir, "[{\"SecretName\":"));
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).startsWith("error: --file ").contains(" is not JSON: ");
        CliRun notAList = createBulk(file(dir, Map.of("SecretName", "redis/x")));
        assertThat(notAList.exitCode()).isEqualTo(2);
        assertThat(notAList.err()).contains("must hold a JSON array of secrets");
        CliRun missing = createBulk(dir.resolve("absent.json"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot be read");
    }
}
