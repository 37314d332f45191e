package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.worker.cli.FakeWorker.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rotator key}, {@code access-key} and {@code target}: what they send and what they print. */
class KeyAndAccessKeyCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEW_SECRET = "new-key-secret-Pq7";

    @TempDir
    Path dir;

    private FakeWorker worker;
    private final List<JsonNode> posted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        worker = FakeWorker.http();
        worker.admin("POST", "/admin/v1/access-keys", call -> {
            try {
                posted.add(JSON.readTree(call.body()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Reply(201, "{\"RequestId\":\"r\",\"AccessKeyId\":\"RTAKNEW\",\"AccessKeySecret\":\"" + NEW_SECRET
                    + "\",\"Name\":\"ci\"}");
        });
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    private CliRun run(String... args) throws Exception {
        return CliRun.against(worker, dir, args);
    }

    @Test
    void keyCreateSendsTheSpecAndPrintsTheNewKey() throws Exception {
        worker.kms("CreateKey", Reply.ok("""
                {"RequestId":"r","KeyMetadata":{"KeyId":"key-0123456789abcdef01234567","KeySpec":"Aliyun_SM4",
                 "KeyUsage":"ENCRYPT/DECRYPT","KeyState":"Enabled","Arn":"acs:kms:r:1:key/key-0123456789abcdef01234567"}}"""));

        CliRun r = run("key", "create", "--spec", "Aliyun_SM4", "--description", "for app secrets");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Created key key-0123456789abcdef01234567 (Aliyun_SM4, ENCRYPT/DECRYPT, Enabled)\n");
        assertThat(worker.kmsCalls("CreateKey").get(0).params()).containsEntry("KeySpec", "Aliyun_SM4")
                .containsEntry("Description", "for app secrets").doesNotContainKeys("KeyUsage", "ProtectionLevel");
        JsonNode json = JSON.readTree(run("key", "create", "--json").out());
        assertThat(json.at("/KeyMetadata/Arn").asText()).isEqualTo("acs:kms:r:1:key/key-0123456789abcdef01234567");
    }

    @Test
    void keyListPrintsIdsAndArnsWithThePage() throws Exception {
        worker.kms("ListKeys", Reply.ok("""
                {"PageNumber":1,"PageSize":10,"TotalCount":2,"Keys":{"Key":[
                 {"KeyId":"key-rotator-default","KeyArn":"acs:kms:r:1:key/key-rotator-default"},
                 {"KeyId":"key-1","KeyArn":"acs:kms:r:1:key/key-1"}]}}"""));

        CliRun r = run("key", "list", "--page-size", "10");

        assertThat(r.out()).isEqualTo("""
                KEY-ID               ARN
                key-rotator-default  acs:kms:r:1:key/key-rotator-default
                key-1                acs:kms:r:1:key/key-1
                Page 1 of 1, 2 keys
                """);
        assertThat(worker.kmsCalls("ListKeys").get(0).params()).containsEntry("PageSize", "10");
    }

    @Test
    void accessKeyCreateShowsTheSecretOnceWithAWarningOnStderr() throws Exception {
        CliRun r = run("access-key", "create", "--name", "ci", "--role", "admin");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                AccessKeyId:     RTAKNEW
                AccessKeySecret: new-key-secret-Pq7
                Name:            ci
                """);
        assertThat(r.err()).isEqualTo("The AccessKeySecret is shown this once and cannot be read again: store it now.\n");
        assertThat(posted).singleElement().isEqualTo(JSON.readTree("{\"Name\":\"ci\",\"Policy\":{\"Role\":\"admin\"}}"));
    }

    @Test
    void accessKeyCreateJsonIsAKeyFileTheCliCanUse() throws Exception {
        CliRun r = run("access-key", "create", "--name", "app", "--role", "reader", "--secret", "db/app",
                "--prefix", "app/", "--tag", "env=prod", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("shown this once");
        Path file = Files.writeString(dir.resolve("app-key.json"), r.out());
        Credentials read = Credentials.resolve(file, Map.of());
        assertThat(read.accessKeyId()).isEqualTo("RTAKNEW");
        assertThat(read.accessKeySecret()).isEqualTo(NEW_SECRET);
        assertThat(posted).singleElement().isEqualTo(JSON.readTree("""
                {"Name":"app","Policy":{"Role":"reader","Secrets":["db/app"],"Prefixes":["app/"],"Tags":["env=prod"]}}"""));
    }

    @Test
    void accessKeyCreateRefusesGrantsForAnAdminAndUnknownRolesWithoutCallingTheWorker() throws Exception {
        CliRun grants = run("access-key", "create", "--name", "x", "--role", "admin", "--secret", "s");
        assertThat(grants.exitCode()).isEqualTo(2);
        assertThat(grants.err()).contains("--secret, --prefix and --tag are for --role reader");
        CliRun role = run("access-key", "create", "--name", "x", "--role", "root");
        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.err()).contains("--role must be admin or reader, got 'root'");
        CliRun tag = run("access-key", "create", "--name", "x", "--role", "reader", "--tag", "env");
        assertThat(tag.exitCode()).isEqualTo(2);
        assertThat(worker.calls()).isEmpty();
    }

    @Test
    void accessKeyListShowsPoliciesAndNoSecrets() throws Exception {
        worker.admin("GET", "/admin/v1/access-keys", call -> Reply.ok("""
                {"RequestId":"r","AccessKeys":[
                 {"AccessKeyId":"RTAKADMIN","Name":"admin","Policy":{"Role":"admin"},"State":"Enabled","CreateTime":"2026-01-01T00:00:00Z"},
                 {"AccessKeyId":"RTAKAPP","Name":"app","Policy":{"Role":"reader","Secrets":["db/app","x"],"Prefixes":[],"Tags":["env=prod"]},
                  "State":"Disabled","CreateTime":"2026-01-02T00:00:00Z"}]}"""));

        CliRun r = run("access-key", "list");

        assertThat(r.out()).isEqualTo("""
                ACCESS-KEY-ID  NAME   STATE     CREATED               POLICY
                RTAKADMIN      admin  Enabled   2026-01-01T00:00:00Z  admin
                RTAKAPP        app    Disabled  2026-01-02T00:00:00Z  reader secrets=db/app,x tags=env=prod
                """);
    }

    @Test
    void accessKeyDisablePostsToTheKeysPath() throws Exception {
        worker.admin("POST", "/admin/v1/access-keys/RTAK%2B1/disable",
                call -> Reply.ok("{\"RequestId\":\"r\",\"AccessKeyId\":\"RTAK+1\",\"State\":\"Disabled\"}"));

        CliRun r = run("access-key", "disable", "RTAK+1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("AccessKey RTAK+1 is Disabled\n");
    }

    @Test
    void targetListPrintsEachTargetsKindAndSettings() throws Exception {
        worker.admin("GET", "/admin/v1/targets", call -> Reply.ok("""
                {"RequestId":"r","Targets":[
                 {"Id":"rm-main","Kind":"rds","Settings":{"adminSecret":"db/admin","engine":"postgresql","host":"10.0.0.7","port":5432}},
                 {"Id":"r-1","Kind":"redis","Settings":{"aclPersistence":"aclfile","adminSecret":"r/admin","nodes":["a:6379","b:6379"]}},
                 {"Id":"i-1","Kind":"ecs","Settings":{"adminSecret":"ssh/admin","host":"web","knownHosts":"web ssh-ed25519 AAAA\\nweb ssh-rsa AAAA\\n"}},
                 {"Id":"alice","Kind":"ram","Settings":{}}]}"""));

        CliRun r = run("target", "list");

        assertThat(r.out()).isEqualTo("""
                ID       KIND   SETTINGS
                rm-main  rds    adminSecret=db/admin engine=postgresql host=10.0.0.7 port=5432
                r-1      redis  aclPersistence=aclfile adminSecret=r/admin nodes=a:6379,b:6379
                i-1      ecs    adminSecret=ssh/admin host=web knownHosts=(2 lines)
                alice    ram    -
                """);
        assertThat(JSON.readTree(run("target", "list", "--json").out()).at("/Targets/0/Settings/engine").asText())
                .isEqualTo("postgresql");
    }
}
