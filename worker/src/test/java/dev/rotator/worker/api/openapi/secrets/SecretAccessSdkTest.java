package dev.rotator.worker.api.openapi.secrets;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DeleteSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListSecretsRequest;
import com.aliyun.kms20160120.models.ListSecretsResponseBody;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.SetSecretPolicyRequest;
import com.aliyun.tea.TeaException;
import dev.rotator.core.Tag;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.testing.RunningWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, through the kms20160120 client on a started worker: readers on the secrets their names,
 * prefixes and tags select (and ListSecrets counting only those), secret policies granting further principals
 * further actions or denying them, admins bound by no policy. A refusal tells nothing about other secrets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretAccessSdkTest {
    private RunningWorker api;
    private Client admin;
    private Client reader;
    private Client bot;

    @BeforeAll
    void start() throws Exception {
        api = RunningWorker.start();
        admin = api.admin();
        for (String name : List.of("team-a/1", "team-a/2", "team-a/3", "other/y", "other/z")) {
            create(name, null);
        }
        create("other/x", "[{\"TagKey\":\"env\",\"TagValue\":\"prod\"}]");
        reader = api.client(api.createAccessKey("team-a-reader", PrincipalPolicy.reader(List.of(), List.of("team-a/"),
                List.of(new Tag("env", "prod")))));
        bot = api.client(api.createAccessKey("policy-bot", PrincipalPolicy.reader(List.of(), List.of(), List.of())));
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private void create(String name, String tags) throws Exception {
        admin.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v1").setSecretData("value of " + name)
                .setTags(tags));
    }

    private static String value(Client client, String name) throws Exception {
        return client.getSecretValue(new GetSecretValueRequest().setSecretName(name)).getBody().getSecretData();
    }

    private static List<String> page(ListSecretsResponseBody body) {
        return body.getSecretList().getSecret().stream().map(s -> s.getSecretName()).toList();
    }

    private void policy(String name, String effect, String principal, String... actions) throws Exception {
        String list = String.join("\",\"", actions);
        admin.setSecretPolicy(new SetSecretPolicyRequest().setSecretName(name).setPolicy("{\"Version\":\"1\","
                + "\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"RAM\":[\"" + principal + "\"]},"
                + "\"Action\":[\"" + list + "\"],\"Resource\":[\"*\"]}]}"));
    }

    @Test
    void aReaderReadsWhatItsPrefixAndTagSelectAndNothingElse() throws Exception {
        assertThat(value(reader, "team-a/1")).isEqualTo("value of team-a/1");
        assertThat(value(reader, "other/x")).isEqualTo("value of other/x");
        assertThat(reader.describeSecret(new DescribeSecretRequest().setSecretName("team-a/2")).getBody()
                .getSecretName()).isEqualTo("team-a/2");
        TeaException notGranted = refused(() -> value(reader, "other/y"), 403, "Forbidden.NoPermission");
        TeaException absent = refused(() -> value(reader, "other/absent"), 403, "Forbidden.NoPermission");
        assertThat(absent.getData().get("Message")).as("the same refusal whether or not the secret exists")
                .isEqualTo(notGranted.getData().get("Message"));
        refused(() -> value(reader, "team-a/absent"), 404, "Forbidden.ResourceNotFound");
        refused(() -> reader.putSecretValue(new PutSecretValueRequest().setSecretName("team-a/1").setVersionId("v2")
                .setSecretData("x")), 403, "Forbidden.NoPermission");
        assertThat(value(admin, "team-a/1")).isEqualTo("value of team-a/1");
    }

    @Test
    void aReadersListingCountsAndPagesOnlyWhatItMayRead() throws Exception {
        ListSecretsResponseBody first = reader.listSecrets(new ListSecretsRequest().setPageSize(2)).getBody();
        assertThat(first.getTotalCount()).isEqualTo(4);
        assertThat(page(first)).containsExactly("other/x", "team-a/1");
        ListSecretsResponseBody second = reader.listSecrets(new ListSecretsRequest().setPageSize(2).setPageNumber(2))
                .getBody();
        assertThat(page(second)).containsExactly("team-a/2", "team-a/3");
        assertThat(page(reader.listSecrets(new ListSecretsRequest().setPageSize(2).setPageNumber(3)).getBody())).isEmpty();
        assertThat(admin.listSecrets(new ListSecretsRequest()).getBody().getTotalCount()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aSecretPolicyGrantsAPrincipalFurtherActionsOnThatSecretOnly() throws Exception {
        refused(() -> value(bot, "other/z"), 403, "Forbidden.NoPermission");
        policy("other/z", "Allow", "policy-bot", "kms:GetSecretValue", "kms:PutSecretValue");
        assertThat(value(bot, "other/z")).isEqualTo("value of other/z");
        bot.putSecretValue(new PutSecretValueRequest().setSecretName("other/z").setVersionId("v2").setSecretData("by bot"));
        assertThat(value(admin, "other/z")).isEqualTo("by bot");
        refused(() -> bot.deleteSecret(new DeleteSecretRequest().setSecretName("other/z")), 403, "Forbidden.NoPermission");
        refused(() -> value(bot, "other/y"), 403, "Forbidden.NoPermission");
        ListSecretsResponseBody listed = bot.listSecrets(new ListSecretsRequest()).getBody();
        assertThat(listed.getTotalCount()).isEqualTo(1);
        assertThat(page(listed)).containsExactly("other/z");
    }

    @Test
    void aDenyInTheSecretPolicyWinsOverTheReadersGrantButNeverBindsAnAdmin() throws Exception {
        create("deny/1", null);
        create("deny/2", null);
        Client named = api.client(api.createAccessKey("deny-reader", PrincipalPolicy.reader(
                List.of("deny/1", "deny/2"), List.of(), List.of())));
        assertThat(value(named, "deny/1")).isEqualTo("value of deny/1");
        policy("deny/1", "Deny", "*", "kms:*");
        refused(() -> value(named, "deny/1"), 403, "Forbidden.NoPermission");
        assertThat(value(named, "deny/2")).isEqualTo("value of deny/2");
        assertThat(page(named.listSecrets(new ListSecretsRequest()).getBody())).containsExactly("deny/2");
        assertThat(value(admin, "deny/1")).isEqualTo("value of deny/1");
    }
}
