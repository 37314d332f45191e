package dev.rotator.rds;

import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.TestContext;
import dev.rotator.rds.testing.TestServer;
import dev.rotator.rds.testing.ZeroDowntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

/**
 * Dual account is the zero-downtime mode ({@link ZeroDowntime}): 16 clients keep opening new connections through
 * 20 rotations of an Rds secret, and none of their logins fails.
 */
class ZeroDowntimeTest {

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void clientsNeverSeeAFailedLoginWhileTheSecretRotates(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            String u = sb.account("zd");
            Rotation r = new Rotation(new RdsRotator(TestContext.of(sb, "db")), "rds/zd",
                    Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db", "AccountName", u,
                            "AccountPrivilege", "ReadWrite", "DBNames", List.of(sb.database)),
                    SecretValue.text("$Auto"));
            r.rotate();
            ZeroDowntime.check(r.current(), r::rotate, ZeroDowntime.into(sb));
        }
    }
}
