package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.Tag;
import dev.rotator.worker.testing.TestStores;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizerTest {
    private final Map<String, Secret> secrets = new HashMap<>();
    private final Map<String, String> policies = new HashMap<>();
    private final Authorizer authorizer = new Authorizer(name -> Optional.ofNullable(secrets.get(name)),
            name -> Optional.ofNullable(policies.get(name)));

    private static final Principal ADMIN = new Principal("RTAKADMIN", "admin", PrincipalPolicy.admin());
    private static final Principal READER = new Principal("RTAKREADER", "reader", PrincipalPolicy.reader(
            List.of("db/app"), List.of("app/"), List.of(new Tag("env", "prod"))));
    private static final Principal NOBODY = new Principal("RTAKNOBODY", "nobody", PrincipalPolicy.reader(
            List.of(), List.of(), List.of()));

    private void secret(String name, Tag... tags) {
        Secret s = TestStores.generic(name);
        secrets.put(name, new Secret(s.name(), s.type(), s.description(), s.encryptionKeyId(), List.of(tags),
                s.extendedConfig(), s.rotation(), null, null, s.createTime(), s.updateTime()));
    }

    private static String allow(String who, String action) {
        return "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"RAM\":[\"" + who
                + "\"]},\"Action\":[\"" + action + "\"],\"Resource\":[\"*\"]}]}";
    }

    @Test
    void anAdminMayDoAnythingEvenWhereASecretPolicyDenies() {
        secret("db/app");
        policies.put("db/app", allow("*", "kms:*").replace("Allow", "Deny"));
        assertThat(authorizer.allowed(ADMIN, "DeleteSecret", Access.secret("db/app"))).isTrue();
        assertThat(authorizer.allowed(ADMIN, "CreateSecret", Access.adminOnly())).isTrue();
        assertThat(authorizer.allowed(ADMIN, "ListSecrets", Access.listing())).isTrue();
    }

    @Test
    void aReaderReadsWhatItsSelectorsCoverAndNothingElse() {
        secret("db/app");
        secret("app/web");
        secret("tagged", new Tag("env", "prod"));
        secret("db/other", new Tag("env", "dev"));
        for (String name : List.of("db/app", "app/web", "tagged")) {
            assertThat(authorizer.allowed(READER, "GetSecretValue", Access.secret(name))).as(name).isTrue();
            assertThat(authorizer.allowed(READER, "DescribeSecret", Access.secret(name))).as(name).isTrue();
            assertThat(authorizer.allowed(READER, "PutSecretValue", Access.secret(name))).as(name).isFalse();
        }
        assertThat(authorizer.allowed(READER, "GetSecretValue", Access.secret("db/other"))).isFalse();
        assertThat(authorizer.allowed(READER, "CreateSecret", Access.adminOnly())).isFalse();
        assertThat(authorizer.allowed(READER, "ListSecrets", Access.listing())).isTrue();
        assertThat(authorizer.allowed(READER, "ListKeys", Access.listing())).isFalse();
    }

    @Test
    void aRefusalIsTheSameWhetherOrNotTheSecretExists() {
        secret("db/other");
        RotatorException existing = refusal(() -> authorizer.check(READER, "GetSecretValue", Access.secret("db/other")));
        RotatorException missing = refusal(() -> authorizer.check(READER, "GetSecretValue", Access.secret("db/missing")));
        assertThat(existing.code()).isEqualTo(ErrorCode.NO_PERMISSION);
        assertThat(missing.code()).isEqualTo(existing.code());
        assertThat(missing.getMessage()).isEqualTo(existing.getMessage()).isEqualTo(Authorizer.DENIED);
    }

    @Test
    void aSecretPolicyGrantsFurtherPrincipalsAndFurtherActions() {
        secret("shared");
        policies.put("shared", allow("nobody", "kms:GetSecretValue"));
        assertThat(authorizer.allowed(NOBODY, "GetSecretValue", Access.secret("shared"))).isTrue();
        assertThat(authorizer.allowed(NOBODY, "DescribeSecret", Access.secret("shared"))).isFalse();
        policies.put("shared", allow("RTAKREADER", "kms:PutSecretValue"));
        assertThat(authorizer.allowed(READER, "PutSecretValue", Access.secret("shared"))).isTrue();
        assertThat(authorizer.allowed(READER, "GetSecretValue", Access.secret("shared"))).isFalse();
    }

    @Test
    void aSecretPolicyDenyOverridesTheReadersOwnGrant() {
        secret("db/app");
        policies.put("db/app", allow("reader", "kms:Get*").replace("Allow", "Deny"));
        assertThat(authorizer.allowed(READER, "GetSecretValue", Access.secret("db/app"))).isFalse();
        assertThat(authorizer.allowed(READER, "DescribeSecret", Access.secret("db/app"))).isTrue();
    }

    @Test
    void aStoredPolicyThatNoLongerParsesRefusesNonAdmins() {
        secret("db/app");
        policies.put("db/app", "{broken");
        assertThat(authorizer.allowed(READER, "GetSecretValue", Access.secret("db/app"))).isFalse();
        assertThat(authorizer.allowed(ADMIN, "GetSecretValue", Access.secret("db/app"))).isTrue();
    }

    @Test
    void canReadFiltersListingsTheSameWay() {
        secret("db/app");
        secret("db/other");
        secret("shared");
        policies.put("shared", allow("reader", "kms:DescribeSecret"));
        assertThat(secrets.values().stream().filter(s -> authorizer.canRead(READER, s)).map(Secret::name))
                .containsExactlyInAnyOrder("db/app", "shared");
        assertThat(secrets.values().stream().filter(s -> authorizer.canRead(ADMIN, s))).hasSize(3);
        assertThat(secrets.values().stream().filter(s -> authorizer.canRead(NOBODY, s))).isEmpty();
    }

    private static RotatorException refusal(Runnable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(t).isInstanceOf(RotatorException.class);
        return (RotatorException) t;
    }
}
