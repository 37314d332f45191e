package dev.rotator.worker.cli;

import com.aliyun.tea.TeaModel;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Map;

/** JSON for the CLI's {@code --json} output and for the JSON-valued request parameters. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {
    }

    /** An SDK response body with its wire names, as the API sent it. */
    static String of(TeaModel body) {
        return write(body.toMap());
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One line of JSON, as request parameters carry it. */
    static String compact(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object given on the command line; a usage error naming the option otherwise. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String option, String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.USAGE, option + " must be a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new CliException(ExitCode.USAGE, option + " must be a JSON object, like {\"SecretSubType\":\"SingleUser\"}");
        }
        return MAPPER.convertValue(node, Map.class);
    }
}
