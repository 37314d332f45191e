package dev.rotator.worker.testing;

import com.aliyun.kms20160120.Client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A malformed request to the KMS API and the refusal it must get: an Alibaba error with this status and code
 * whose Message starts with {@code messageStart} (the field it is about). Shown by parameter names only, as
 * the values may be ones that must never come back.
 */
public record MalformedRequest(String action, Map<String, String> params, int status, String code,
                               String messageStart) {

    /** The action, its parameters as name/value pairs, then what must come back. */
    public static MalformedRequest bad(String action, int status, String code, String messageStart,
                                      String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new MalformedRequest(action, params, status, code, messageStart);
    }

    /** 400 InvalidParameter. */
    public static MalformedRequest invalid(String action, String messageStart, String... namesAndValues) {
        return bad(action, 400, "InvalidParameter", messageStart, namesAndValues);
    }

    /** 400 MissingParameter. */
    public static MalformedRequest missing(String action, String messageStart, String... namesAndValues) {
        return bad(action, 400, "MissingParameter", messageStart, namesAndValues);
    }

    /**
     * Sends it through the official client (its values passed through {@code fill} first) and checks the
     * refusal; returns its Message.
     */
    public String sendAndExpectRefusal(Client client, UnaryOperator<String> fill) {
        Map<String, String> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, fill.apply(v)));
        String message = SdkCalls.message(SdkCalls.refusedInFull(() -> SdkCalls.call(client, action, query), status,
                code));
        assertThat(message).startsWith(messageStart);
        return message;
    }

    @Override
    public String toString() {
        return action + " " + params.keySet() + " -> " + code + " '" + messageStart + "'";
    }
}
