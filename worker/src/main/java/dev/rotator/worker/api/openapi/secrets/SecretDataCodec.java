package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.DataType;
import dev.rotator.core.SecretValue;
import dev.rotator.worker.api.openapi.Params;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.rotator.core.RotatorException.invalid;

/**
 * SecretData on the wire: the text itself for {@code text} values, Base64 of the bytes for {@code binary}
 * ones, as Alibaba carries them. Errors never repeat the data.
 */
final class SecretDataCodec {
    private SecretDataCodec() {
    }

    /** The SecretData parameter (required) as the value's bytes, decoded per SecretDataType. */
    static byte[] read(Params params) {
        String data = params.required("SecretData");
        if (!DataType.BINARY.wireName().equals(params.optional("SecretDataType").orElse(""))) {
            return data.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw invalid("SecretData", "must be Base64 when SecretDataType is binary");
        }
    }

    static String write(SecretValue value) {
        return value.dataType() == DataType.BINARY ? Base64.getEncoder().encodeToString(value.bytes()) : value.text();
    }
}
