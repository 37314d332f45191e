package dev.rotator.worker.rds;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import dev.rotator.worker.rds.RdsWorker.Sandbox;
import dev.rotator.worker.testing.KmsInstanceFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL dual-account secret rotated end to end by a worker whose store is a KMS instance: worker A plays
 * the instance (HTTPS, its own CA), worker B is started from a configuration file with a {@code kmsInstance}
 * section that keeps every secret it creates there, marked by a tag, and with its real Rds rotator and a target on
 * the throwaway PostgreSQL 15 server (its admin secret lives in A too). The application reads the value through
 * B's API and directly from A; each login is checked on the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RdsKmsStoreEndToEndTest {
    private static final String TAG = "managed-by=rotator-e2e";
    private KmsInstanceFixture instance;
    private RdsWorker w;

    @BeforeAll
    void start() throws Exception {
        instance = KmsInstanceFixture.start();
        w = RdsWorker.start(instance.yaml("", "", TAG), RdsServer.POSTGRESQL);
    }

    @AfterAll
    void stop() throws Exception {
        try (KmsInstanceFixture i = instance) {
            if (w != null) {
                w.close();
            }
        }
    }

    @Test
    void aPostgresDualAccountSecretKeptInTheInstanceRotatesAndApplicationsReadItThroughEitherWorker()
            throws Exception {
        Sandbox sb = w.on(RdsServer.POSTGRESQL);
        Client a = instance.direct();
        String name = "e2e/kms-dual-" + RdsWorker.unique();
        String app = sb.account("app");
        w.create(name, "$Auto", RdsEndToEndTest.created(sb, "DoubleUsers", app, "ReadWrite"));

        assertThat(a.describeSecret(new DescribeSecretRequest().setSecretName(name).setFetchTags("true")).getBody()
                .getTags().getTag()).extracting(t -> t.getTagKey() + "=" + t.getTagValue()).containsExactly(TAG);
        assertThat(a.describeSecret(new DescribeSecretRequest().setSecretName(sb.adminSecret)).getBody()
                .getSecretType()).as("the target's admin secret is kept in the instance too").isEqualTo("Generic");
        Login first = w.current(name);
        assertThat(direct(a, name)).as("A serves what B serves").isEqualTo(first);
        assertThat(RdsServer.POSTGRESQL.logsIn(sb.database, first)).isTrue();

        String token = w.rotate(name);
        Login second = w.current(name);
        assertThat(second.name()).isEqualTo(app + "_clone");
        assertThat(direct(a, name)).as("the new value, read directly from the instance").isEqualTo(second);
        assertThat(RdsWorker.read(a, name, "ACSCurrent").getVersionId()).isEqualTo(token);
        assertThat(Login.of(RdsWorker.read(a, name, "ACSPrevious").getSecretData())).isEqualTo(first);
        assertThat(RdsServer.POSTGRESQL.logsIn(sb.database, second)).isTrue();
        assertThat(RdsServer.POSTGRESQL.logsIn(sb.database, first))
                .as("DoubleUsers: ACSPrevious keeps working until the next rotation").isTrue();

        w.rotate(name);
        Login third = w.current(name);
        assertThat(third.name()).isEqualTo(app);
        assertThat(direct(a, name)).isEqualTo(third);
        assertThat(RdsServer.POSTGRESQL.logsIn(sb.database, third)).isTrue();
        assertThat(RdsServer.POSTGRESQL.logsIn(sb.database, first))
                .as("the old credential of the primary is refused once its account got the new one").isFalse();
    }

    @Test
    void aSecretOfTheInstanceWithoutTheTagIsLeftAlone() throws Exception {
        Client a = instance.direct();
        a.createSecret(new CreateSecretRequest().setSecretName("e2e/untagged").setVersionId("u1")
                .setSecretData("untagged-value-41"));
        refused(() -> w.sdk.createSecret(new CreateSecretRequest().setSecretName("e2e/untagged").setVersionId("v1")
                .setSecretData("taken-over")), 409, "Rejected.ResourceExist");
        refused(() -> RdsWorker.read(w.sdk, "e2e/untagged", null), 404, "Forbidden.ResourceNotFound");
        assertThat(RdsWorker.read(a, "e2e/untagged", null).getSecretData()).isEqualTo("untagged-value-41");
        assertThat(a.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName("e2e/untagged")).getBody()
                .getVersionIds().getVersionId()).extracting(v -> v.getVersionId()).containsExactly("u1");
    }

    private static Login direct(Client a, String name) throws Exception {
        return Login.of(RdsWorker.read(a, name, null).getSecretData());
    }
}
