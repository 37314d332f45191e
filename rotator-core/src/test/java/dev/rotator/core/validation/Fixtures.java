package dev.rotator.core.validation;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.KeyDirectory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Shared test helpers: a map-backed key directory, a request builder and the refusal assertion. */
final class Fixtures {
    static final String DEFAULT_KEY = "key-default";

    private Fixtures() {
    }

    /** Asserts a RotatorException with this code whose message names {@code field} (and contains each fragment). */
    static void refused(ThrowingCallable call, ErrorCode code, String field, String... fragments) {
        RotatorException e = catchThrowableOfType(RotatorException.class, call);
        assertThat(e).as("a RotatorException naming %s", field).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).startsWith(field + ":");
        for (String fragment : fragments) {
            assertThat(e.getMessage()).contains(fragment);
        }
    }

    static void invalid(ThrowingCallable call, String field, String... fragments) {
        refused(call, ErrorCode.INVALID_PARAMETER, field, fragments);
    }

    static KeyDirectory keys() {
        Map<String, KeyDirectory.KeyInfo> keys = Map.of(
                DEFAULT_KEY, new KeyDirectory.KeyInfo(DEFAULT_KEY, "Aliyun_AES_256", true, true),
                "key-aes", new KeyDirectory.KeyInfo("key-aes", "Aliyun_AES_256", true, true),
                "key-rsa", new KeyDirectory.KeyInfo("key-rsa", "RSA_2048", false, true),
                "key-off", new KeyDirectory.KeyInfo("key-off", "Aliyun_AES_256", true, false));
        return new KeyDirectory() {
            @Override
            public Optional<KeyInfo> find(String keyId) {
                return Optional.ofNullable(keys.get(keyId));
            }

            @Override
            public String defaultKeyId() {
                return DEFAULT_KEY;
            }
        };
    }

    /** "x" repeated n times. */
    static String chars(int n) {
        return "x".repeat(n);
    }

    /** A CreateSecret request, Generic by default; setters return this. */
    static final class Request {
        String name = "app/db";
        String versionId;
        byte[] data = NewSecretRequest.utf8("hello");
        String dataType;
        String type;
        String extendedConfig;
        String tags;
        boolean rotation;
        String interval;
        String keyId;
        String description;

        static Request generic() {
            return new Request();
        }

        static Request managed(String type, String name, String data, String extendedConfig) {
            Request r = new Request();
            r.type = type;
            r.name = name;
            r.data = NewSecretRequest.utf8(data);
            r.extendedConfig = extendedConfig;
            return r;
        }

        Request name(String v) { name = v; return this; }
        Request versionId(String v) { versionId = v; return this; }
        Request data(String v) { data = NewSecretRequest.utf8(v); return this; }
        Request data(byte[] v) { data = v; return this; }
        Request dataType(String v) { dataType = v; return this; }
        Request tags(String v) { tags = v; return this; }
        Request rotation(String v) { rotation = true; interval = v; return this; }
        Request keyId(String v) { keyId = v; return this; }
        Request description(String v) { description = v; return this; }

        NewSecretRequest build() {
            return new NewSecretRequest(name, versionId, data, dataType, type, extendedConfig, tags, rotation,
                    interval, keyId, description);
        }

        ValidatedSecret validate() {
            return SecretRules.validateNewSecret(build(), keys());
        }
    }
}
