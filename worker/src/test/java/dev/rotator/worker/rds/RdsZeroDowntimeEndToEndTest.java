package dev.rotator.worker.rds;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.ZeroDowntime;
import dev.rotator.worker.rds.RdsWorker.Sandbox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Zero downtime through the worker: while 20 rotations of a DoubleUsers secret run (RotateSecret through the
 * SDK), 16 application threads keep reading the secret with GetSecretValue through the SDK and opening new
 * connections with what they read, and not one login fails. After each rotation the value two generations old is
 * refused ({@link ZeroDowntime}, the check the rotator-level tests run).
 */
class RdsZeroDowntimeEndToEndTest {

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void applicationsReadingTheSecretNeverSeeAFailedLoginWhileItRotates(RdsServer server) throws Exception {
        try (RdsWorker w = RdsWorker.start(server)) {
            Sandbox sb = w.on(server);
            String name = "rds-e2e/zero-downtime-" + RdsWorker.unique();
            w.create(name, "$Auto", Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", sb.targetId,
                    "AccountName", sb.account("zd"), "AccountPrivilege", "ReadWrite", "DBNames", List.of(sb.database)));

            ZeroDowntime.check(() -> {
                Client sdk = w.client(); // one SDK client per application thread
                return () -> {
                    GetSecretValueResponseBody read = RdsWorker.read(sdk, name, null);
                    return new ZeroDowntime.Reading(read.getVersionId(), SecretValue.text(read.getSecretData()));
                };
            }, () -> w.rotate(name), value -> {
                Login login = Login.of(value.text());
                try (Connection c = server.connect(sb.database, login.name(), login.password());
                     Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
            });
        }
    }
}
