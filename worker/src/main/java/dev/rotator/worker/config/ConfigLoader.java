package dev.rotator.worker.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds the configuration in layers: defaults, then the YAML file, then environment variables.
 * An unknown key in the file is an error (a typo must not silently fall back to a default).
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ConfigLoader() {
    }

    public static WorkerConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = YAML.valueToTree(WorkerConfig.defaults());
        if (file != null) {
            try {
                JsonNode fromFile = YAML.readTree(Files.readString(file));
                if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
                    merge(tree, fromFile, "");
                }
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("config file " + file + " does not exist", e);
            } catch (IOException e) {
                throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
            }
        }
        applyEnvironment(tree, "ROTATOR", env);
        try {
            return YAML.treeToValue(tree, WorkerConfig.class);
        } catch (JsonMappingException e) {
            // Name the setting ("server.port"), as for an unknown key: Jackson's message alone does not.
            String key = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(Objects::nonNull).collect(Collectors.joining("."));
            throw new IllegalArgumentException("configuration: " + (key.isEmpty() ? "" : key + ": ")
                    + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String path) {
        if (!source.isObject()) {
            throw new IllegalArgumentException("configuration: " + (path.isEmpty() ? "the file" : path)
                    + " must be a mapping");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            JsonNode existing = target.get(f.getKey());
            if (existing == null) {
                throw new IllegalArgumentException("configuration: unknown key '" + key + "'");
            }
            if (existing.isObject()) {
                merge((ObjectNode) existing, f.getValue(), key);
            } else {
                target.set(f.getKey(), f.getValue());
            }
        }
    }

    /** ROTATOR_STORE_POOL_SIZE sets store.poolSize: each leaf's path in upper snake case. */
    private static void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = prefix + "_" + f.getKey().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
            if (f.getValue().isObject()) {
                applyEnvironment((ObjectNode) f.getValue(), name, env);
            } else if (env.containsKey(name)) {
                f.setValue(TextNode.valueOf(env.get(name)));
            }
        }
    }
}
