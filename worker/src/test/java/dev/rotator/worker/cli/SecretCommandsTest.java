package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.worker.cli.FakeWorker.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code rotator secret} commands against a stand-in worker: what each sends through the official
 * SDK (action and parameters) and what it prints.
 */
class SecretCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private FakeWorker worker;
    private InputStream stdin;

    @BeforeEach
    void start() throws Exception {
        worker = FakeWorker.http();
        stdin = System.in;
    }

    @AfterEach
    void stop() {
        worker.close();
        System.setIn(stdin);
    }

    private CliRun run(String... args) throws Exception {
        return CliRun.against(worker, dir, args);
    }

    @Test
    void createSendsEveryOptionAsTheSdkParameterAndSignsWithTheKeyFilesKey() throws Exception {
        worker.kms("CreateSecret", Reply.ok("""
                {"RequestId":"r1","SecretName":"db/app","SecretType":"Rds","VersionId":"v1","AutomaticRotation":"Enabled",
                 "RotationInterval":"604800s","Arn":"acs:kms:x:1:secret/db/app"}"""));

        CliRun r = run("secret", "create", "--name", "db/app", "--type", "Rds", "--data", "{\"Accounts\":[]}",
                "--description", "the app's account", "--key", "key-abc", "--tag", "env=prod", "--tag", "team=a=b",
                "--extended-config", "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"rm-1\"}",
                "--rotation-interval", "7d");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Created secret db/app (Rds, version v1, automatic rotation Enabled)\n");
        FakeWorker.Call call = worker.kmsCalls("CreateSecret").get(0);
        assertThat(call.params()).containsEntry("SecretName", "db/app").containsEntry("SecretType", "Rds")
                .containsEntry("VersionId", "v1").containsEntry("SecretData", "{\"Accounts\":[]}")
                .containsEntry("SecretDataType", "text").containsEntry("Description", "the app's account")
                .containsEntry("EncryptionKeyId", "key-abc").containsEntry("EnableAutomaticRotation", "true")
                .containsEntry("RotationInterval", "7d");
        assertThat(JSON.readTree(call.params().get("Tags"))).isEqualTo(JSON.readTree(
                "[{\"TagKey\":\"env\",\"TagValue\":\"prod\"},{\"TagKey\":\"team\",\"TagValue\":\"a=b\"}]"));
        assertThat(JSON.readTree(call.params().get("ExtendedConfig"))).isEqualTo(JSON.readTree(
                "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"rm-1\"}"));
        assertThat(call.authorization()).startsWith("ACS3-HMAC-SHA256 Credential=" + CliRun.KEY_ID + ",");
        assertThat(r.all()).doesNotContain(CliRun.KEY_SECRET);
    }

    @Test
    void createReadsTheValueFromStandardInputExactlyAndFromAFileAsBase64WhenBinary() throws Exception {
        worker.kms("CreateSecret", Reply.ok("{\"SecretName\":\"s\",\"SecretType\":\"Generic\",\"VersionId\":\"v1\"}"));
        System.setIn(new ByteArrayInputStream("pä55 word\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(run("secret", "create", "--name", "s").exitCode()).isZero();
        assertThat(worker.kmsCalls("CreateSecret").get(0).params()).containsEntry("SecretData", "pä55 word\n")
                .containsEntry("SecretType", "Generic").containsEntry("VersionId", "v1")
                .doesNotContainKeys("Tags", "ExtendedConfig", "EnableAutomaticRotation");

        byte[] bytes = {0, (byte) 0xff, 10, 42};
        Path file = Files.write(dir.resolve("blob"), bytes);
        assertThat(run("secret", "create", "--name", "s2", "--data-file", file.toString(), "--data-type", "binary",
                "--version-id", "first").exitCode()).isZero();
        assertThat(worker.kmsCalls("CreateSecret").get(1).params())
                .containsEntry("SecretData", Base64.getEncoder().encodeToString(bytes))
                .containsEntry("SecretDataType", "binary").containsEntry("VersionId", "first");
    }

    @Test
    void badValueOptionsAreUsageErrorsAndNothingIsSent() throws Exception {
        Path notUtf8 = Files.write(dir.resolve("latin1"), new byte[] {(byte) 0xe9, 't', 'e'});
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        String[][] cases = {
                {"--data", "x", "--data-file", notUtf8.toString()},
                {"--data-file", notUtf8.toString()},
                {"--data-file", empty.toString()},
                {"--data", "not base64!", "--data-type", "binary"},
                {"--data", "x", "--data-type", "json"},
                {"--data", "x", "--tag", "novalue"},
                {"--data", "x", "--extended-config", "[1,2]"},
                {"--data", "x", "--extended-config", "{broken"},
        };
        String[] expected = {"not both", "is not UTF-8 text", "is empty", "must be Base64", "must be text or binary",
                "--tag must be KEY=VALUE, got 'novalue'", "--extended-config must be a JSON object",
                "--extended-config must be a JSON object"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 4];
            args[0] = "secret";
            args[1] = "create";
            args[2] = "--name";
            args[3] = "s";
            System.arraycopy(cases[i], 0, args, 4, cases[i].length);
            CliRun r = run(args);
            assertThat(r.exitCode()).as("exit code of %s", String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err()).as("error of %s", String.join(" ", cases[i])).startsWith("error: ").contains(expected[i]);
        }
        assertThat(worker.calls()).isEmpty();
    }

    @Test
    void getPrintsTheValueExactlyOrTheWholeBodyOrWritesAnOwnerOnlyFile() throws Exception {
        worker.kms("GetSecretValue", Reply.ok("""
                {"RequestId":"r2","SecretName":"s","SecretType":"Generic","SecretData":"line1\\nliné2",
                 "SecretDataType":"text","VersionId":"v2","VersionStages":{"VersionStage":["ACSPrevious"]},
                 "CreateTime":"2026-01-01T00:00:00Z"}"""));

        CliRun raw = run("secret", "get", "s", "--stage", "ACSPrevious");
        assertThat(raw.exitCode()).isZero();
        assertThat(raw.out()).isEqualTo("line1\nliné2");
        assertThat(worker.kmsCalls("GetSecretValue").get(0).params()).containsEntry("SecretName", "s")
                .containsEntry("VersionStage", "ACSPrevious").doesNotContainKeys("VersionId", "FetchExtendedConfig");

        CliRun json = run("secret", "get", "s", "--version-id", "v2", "--json");
        JsonNode body = JSON.readTree(json.out());
        assertThat(body.get("SecretData").asText()).isEqualTo("line1\nliné2");
        assertThat(body.at("/VersionStages/VersionStage/0").asText()).isEqualTo("ACSPrevious");
        assertThat(body.get("RequestId").asText()).isEqualTo("r2");
        assertThat(worker.kmsCalls("GetSecretValue").get(1).params()).containsEntry("VersionId", "v2")
                .containsEntry("FetchExtendedConfig", "true");

        Path file = dir.resolve("value.txt");
        CliRun toFile = run("secret", "get", "s", "-o", file.toString());
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("line1\nliné2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aBinaryValueIsBase64OnStdoutAndItsBytesInAFile() throws Exception {
        byte[] bytes = {1, 2, (byte) 0x80, 0};
        String b64 = Base64.getEncoder().encodeToString(bytes);
        worker.kms("GetSecretValue", Reply.ok("{\"SecretName\":\"b\",\"SecretData\":\"" + b64
                + "\",\"SecretDataType\":\"binary\",\"VersionId\":\"v1\"}"));
        assertThat(run("secret", "get", "b").out()).isEqualTo(b64);
        Path file = dir.resolve("b.bin");
        assertThat(run("secret", "get", "b", "--output", file.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void putSendsStagesAsAJsonArrayAndDefaultsTheVersionIdToAUuid() throws Exception {
        worker.kms("PutSecretValue", call -> Reply.ok("{\"SecretName\":\"s\",\"VersionId\":\""
                + call.params().get("VersionId") + "\",\"VersionStages\":{\"VersionStage\":[\"ACSCurrent\",\"Mine\"]}}"));

        CliRun r = run("secret", "put", "s", "--data", "new", "--stage", "ACSCurrent", "--stage", "Mine");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, String> params = worker.kmsCalls("PutSecretValue").get(0).params();
        assertThat(params).containsEntry("SecretName", "s").containsEntry("SecretData", "new")
                .containsEntry("VersionStages", "[\"ACSCurrent\",\"Mine\"]");
        assertThat(params.get("VersionId")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(r.out()).isEqualTo("Put version " + params.get("VersionId") + " of s (stages: ACSCurrent, Mine)\n");

        run("secret", "put", "s", "--data", "newer", "--version-id", "v3");
        assertThat(worker.kmsCalls("PutSecretValue").get(1).params()).containsEntry("VersionId", "v3")
                .doesNotContainKey("VersionStages");
    }

    @Test
    void describeShowsTheMetadataAndTagsLineByLine() throws Exception {
        worker.kms("DescribeSecret", Reply.ok("""
                {"SecretName":"db/app","Arn":"acs:kms:r:1:secret/db/app","SecretType":"Rds","Description":"",
                 "EncryptionKeyId":"key-1","CreateTime":"2026-01-01T00:00:00Z","UpdateTime":"2026-01-02T00:00:00Z",
                 "AutomaticRotation":"Enabled","RotationInterval":"604800s","NextRotationDate":"2026-01-08T00:00:00Z",
                 "ExtendedConfig":"{\\"SecretSubType\\":\\"SingleUser\\"}",
                 "Tags":{"Tag":[{"TagKey":"env","TagValue":"prod"},{"TagKey":"team","TagValue":"a"}]}}"""));

        CliRun r = run("secret", "describe", "db/app");

        assertThat(r.exitCode()).isZero();
        assertThat(worker.kmsCalls("DescribeSecret").get(0).params()).containsEntry("SecretName", "db/app")
                .containsEntry("FetchTags", "true");
        assertThat(r.out()).isEqualTo("""
                SecretName:         db/app
                Arn:                acs:kms:r:1:secret/db/app
                SecretType:         Rds
                EncryptionKeyId:    key-1
                CreateTime:         2026-01-01T00:00:00Z
                UpdateTime:         2026-01-02T00:00:00Z
                AutomaticRotation:  Enabled
                RotationInterval:   604800s
                NextRotationDate:   2026-01-08T00:00:00Z
                ExtendedConfig:     {"SecretSubType":"SingleUser"}
                Tags:               env=prod, team=a
                """);
    }

    @Test
    void listGathersFiltersByKeyPagesAndPrintsATable() throws Exception {
        worker.kms("ListSecrets", Reply.ok("""
                {"PageNumber":2,"PageSize":2,"TotalCount":5,"SecretList":{"Secret":[
                 {"SecretName":"app/a","SecretType":"Generic","CreateTime":"2026-01-01T00:00:00Z","UpdateTime":"2026-01-01T00:00:00Z"},
                 {"SecretName":"app/bb","SecretType":"Rds","CreateTime":"2026-01-02T00:00:00Z","UpdateTime":"2026-01-03T00:00:00Z",
                  "PlannedDeleteTime":"2026-02-01T00:00:00Z","Tags":{"Tag":[{"TagKey":"env","TagValue":"prod"}]}}]}}"""));

        CliRun r = run("secret", "list", "--page", "2", "--page-size", "2", "--filter", "SecretType=Rds",
                "--filter", "TagKey=env", "--filter", "SecretType=Generic");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, String> params = worker.kmsCalls("ListSecrets").get(0).params();
        assertThat(params).containsEntry("PageNumber", "2").containsEntry("PageSize", "2");
        assertThat(JSON.readTree(params.get("Filters"))).isEqualTo(JSON.readTree(
                "[{\"Key\":\"SecretType\",\"Values\":[\"Rds\",\"Generic\"]},{\"Key\":\"TagKey\",\"Values\":[\"env\"]}]"));
        assertThat(r.out()).isEqualTo("""
                NAME    TYPE     CREATED               UPDATED               PLANNED-DELETE        TAGS
                app/a   Generic  2026-01-01T00:00:00Z  2026-01-01T00:00:00Z  -                     -
                app/bb  Rds      2026-01-02T00:00:00Z  2026-01-03T00:00:00Z  2026-02-01T00:00:00Z  env=prod
                Page 2 of 3, 5 secrets; next: --page 3
                """);
    }

    @Test
    void versionsReadsEveryPage() throws Exception {
        worker.kms("ListSecretVersionIds", call -> {
            boolean first = "1".equals(call.params().get("PageNumber"));
            StringBuilder ids = new StringBuilder();
            int from = first ? 1 : 101;
            int to = first ? 100 : 102;
            for (int i = from; i <= to; i++) {
                ids.append(i > from ? "," : "").append("{\"VersionId\":\"v").append(i)
                        .append("\",\"CreateTime\":\"t\",\"VersionStages\":{\"VersionStage\":[")
                        .append(i == 102 ? "\"ACSCurrent\"" : "").append("]}}");
            }
            return Reply.ok("{\"TotalCount\":102,\"VersionIds\":{\"VersionId\":[" + ids + "]}}");
        });

        CliRun r = run("secret", "versions", "s", "--include-deprecated");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(worker.kmsCalls("ListSecretVersionIds")).hasSize(2)
                .allSatisfy(c -> assertThat(c.params()).containsEntry("IncludeDeprecated", "true")
                        .containsEntry("PageSize", "100"));
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(103);
        assertThat(lines[0]).isEqualTo("VERSION  CREATED  STAGES");
        assertThat(lines[102]).isEqualTo("v102     t        ACSCurrent");
        assertThat(lines[1]).isEqualTo("v1       t        -");
    }

    @Test
    void stageMovesOrRemovesAndNeedsOneOfThem() throws Exception {
        worker.kms("UpdateSecretVersionStage", Reply.ok("{\"SecretName\":\"s\"}"));

        CliRun none = run("secret", "stage", "s", "--stage", "Mine");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give --move-to VERSION_ID, --remove-from VERSION_ID, or both");
        assertThat(worker.calls()).isEmpty();

        CliRun move = run("secret", "stage", "s", "--stage", "ACSCurrent", "--move-to", "v2", "--remove-from", "v1");
        assertThat(move.out()).isEqualTo("Moved ACSCurrent of s to version v2 (from v1)\n");
        assertThat(worker.kmsCalls("UpdateSecretVersionStage").get(0).params()).containsEntry("VersionStage", "ACSCurrent")
                .containsEntry("MoveToVersion", "v2").containsEntry("RemoveFromVersion", "v1");
        CliRun remove = run("secret", "stage", "s", "--stage", "Mine", "--remove-from", "v1");
        assertThat(remove.out()).isEqualTo("Removed Mine of s from version v1\n");
    }

    @Test
    void deleteWithAWindowOrForcedButNotBothAndRestore() throws Exception {
        worker.kms("DeleteSecret", Reply.ok("{\"SecretName\":\"s\",\"PlannedDeleteTime\":\"2026-01-08T00:00:00Z\"}"));
        worker.kms("RestoreSecret", Reply.ok("{\"SecretName\":\"s\"}"));

        CliRun both = run("secret", "delete", "s", "--force", "--recovery-window-days", "7");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(worker.calls()).isEmpty();

        CliRun windowed = run("secret", "delete", "s", "--recovery-window-days", "7");
        assertThat(windowed.out()).isEqualTo("Secret s will be deleted at 2026-01-08T00:00:00Z; "
                + "until then `rotator secret restore s` undoes it\n");
        assertThat(worker.kmsCalls("DeleteSecret").get(0).params()).containsEntry("RecoveryWindowInDays", "7")
                .doesNotContainKey("ForceDeleteWithoutRecovery");
        run("secret", "delete", "s", "--force");
        assertThat(worker.kmsCalls("DeleteSecret").get(1).params()).containsEntry("ForceDeleteWithoutRecovery", "true")
                .doesNotContainKey("RecoveryWindowInDays");
        run("secret", "delete", "s");
        assertThat(worker.kmsCalls("DeleteSecret").get(2).params()).containsOnlyKeys("SecretName");

        CliRun restored = run("secret", "restore", "s");
        assertThat(restored.exitCode()).isZero();
        assertThat(restored.out()).isEqualTo("Restored secret s: it is no longer scheduled for deletion\n");
        assertThat(worker.kmsCalls("RestoreSecret").get(0).params()).containsEntry("SecretName", "s");
    }

    @Test
    void policyGetPrintsTheDocumentAndSetSendsItOnlyWhenItIsJson() throws Exception {
        String policy = "{\"Version\":\"1\",\"Statement\":[]}";
        worker.kms("GetSecretPolicy", Reply.ok("{\"Policy\":" + JSON.writeValueAsString(policy) + "}"));
        worker.kms("SetSecretPolicy", Reply.ok("{\"RequestId\":\"r\"}"));

        assertThat(run("secret", "policy", "get", "s").out()).isEqualTo(policy + "\n");
        assertThat(run("secret", "policy", "set", "s", "--policy", "{nope").exitCode()).isEqualTo(2);
        assertThat(worker.kmsCalls("SetSecretPolicy")).isEmpty();

        Path file = Files.writeString(dir.resolve("policy.json"), policy);
        CliRun set = run("secret", "policy", "set", "s", "--policy-file", file.toString());
        assertThat(set.exitCode()).isZero();
        assertThat(worker.kmsCalls("SetSecretPolicy").get(0).params()).containsEntry("Policy", policy)
                .containsEntry("SecretName", "s");
    }

    @Test
    void aGroupWithoutASubcommandIsAUsageError() {
        CliRun r = CliRun.run("secret");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing subcommand: one of create, create-bulk, get, put");
        assertThat(CliRun.run("secret", "policy").exitCode()).isEqualTo(2);
    }
}
