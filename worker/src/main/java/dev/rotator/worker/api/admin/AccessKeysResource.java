package dev.rotator.worker.api.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.worker.auth.AccessKeyStore;
import dev.rotator.worker.auth.PrincipalPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * {@code /admin/v1/access-keys}: list the API's principals, make one (its secret is in the 201 answer, once, and
 * nowhere else: not in a log line), disable one.
 */
final class AccessKeysResource {
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeysResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CREATE_FIELDS = Set.of("Name", "Policy");
    private static final String POLICY_EXAMPLE = "{\"Role\":\"reader\",\"Prefixes\":[\"app/\"]}";

    private final AccessKeyStore keys;

    AccessKeysResource(AccessKeyStore keys) {
        this.keys = keys;
    }

    AdminReply list(AdminRequest request) {
        request.onlyParams(Set.of());
        List<Map<String, Object>> out = keys.list().stream().map(k -> AdminReply.fields(
                "AccessKeyId", k.accessKeyId(), "Name", k.name(), "Policy", policyObject(k.policy()),
                "State", k.enabled() ? "Enabled" : "Disabled", "CreateTime", AdminReply.time(k.createTime()))).toList();
        return AdminReply.ok(AdminReply.fields("AccessKeys", out));
    }

    AdminReply create(AdminRequest request) {
        request.onlyParams(Set.of());
        JsonBody body = request.json(CREATE_FIELDS);
        String name = body.requiredText("Name");
        PrincipalPolicy policy = PrincipalPolicy.parse(body.requiredObject("Policy", POLICY_EXAMPLE));
        AccessKeyStore.NewAccessKey key = keys.create(name, policy);
        LOG.info("access key {} made for principal '{}' by {} with policy {}", key.accessKeyId(), key.name(),
                request.caller().accessKeyId(), policy);
        return AdminReply.created(AdminReply.fields("AccessKeyId", key.accessKeyId(),
                "AccessKeySecret", key.accessKeySecret(), "Name", key.name()));
    }

    AdminReply disable(AdminRequest request) {
        request.onlyParams(Set.of());
        request.json(Set.of());
        if (request.subject().equals(request.caller().accessKeyId())) {
            // So that some admin always remains: the last one cannot lock everyone out.
            throw invalid("AccessKeyId", "is the key this request is signed with; disable it with another admin key");
        }
        keys.disable(request.subject());
        LOG.info("access key {} disabled by {}", request.subject(), request.caller().accessKeyId());
        return AdminReply.ok(AdminReply.fields("AccessKeyId", request.subject(), "State", "Disabled"));
    }

    /** The stored policy as a JSON object in the answer, not as a string. */
    private static Object policyObject(PrincipalPolicy policy) {
        try {
            return JSON.readTree(policy.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a policy's own JSON always parses", e);
        }
    }
}
