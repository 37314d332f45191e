package dev.rotator.worker.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rotator.core.spi.Target;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the configuration in layers, each winning over the one before: defaults, the YAML file,
 * environment variables ({@code ROTATOR_STORE_POOL_SIZE} sets {@code store.poolSize}), then
 * command-line flags. An unknown key in the file is an error (a typo must not silently fall back to
 * a default), and so is any bad value: the message names the field, where it came from and the rule.
 * {@code targets}, a list, comes from the file alone: neither variables nor flags set lists.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String TARGETS = "targets";

    /** A value set outside the file: its path ({@code server.port}), its text, and its source for errors ({@code --port}). */
    public record Setting(String path, String value, String source) {
    }

    private ConfigLoader() {
    }

    public static WorkerConfig load(Path file, Map<String, String> env) {
        return load(file, env, List.of());
    }

    public static WorkerConfig load(Path file, Map<String, String> env, List<Setting> flags) {
        ObjectNode tree = defaultsTree();
        Map<String, String> origins = new HashMap<>(); // path -> where its value came from, to name it in errors
        List<Target> targets = List.of();
        if (file != null) {
            JsonNode fromFile = read(file);
            if (fromFile.isObject() && fromFile.has(TARGETS)) {
                origins.put(TARGETS, "in " + file);
                targets = targets(((ObjectNode) fromFile).remove(TARGETS), "in " + file);
            }
            if (!fromFile.isMissingNode() && !fromFile.isNull()) { // an empty file keeps the defaults
                merge(tree, fromFile, "", "in " + file, origins);
            }
        }
        for (String path : leaves(tree, "")) {
            String variable = envVariable(path);
            if (env.containsKey(variable)) {
                set(tree, path, TextNode.valueOf(env.get(variable)), "from " + variable, origins);
            }
        }
        for (Setting flag : flags) {
            set(tree, flag.path(), TextNode.valueOf(flag.value()), "from " + flag.source(), origins);
        }
        try {
            return YAML.treeToValue(tree, WorkerConfig.class).withTargets(targets).validate(path -> {
                String origin = origins.get(path.replaceFirst("\\[.*", "")); // targets[2].port: where targets came from
                return origin == null ? path : path + " (" + origin + ")";
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("configuration: " + e.getOriginalMessage(), e); // every leaf is already typed
        }
    }

    /** The variable that overrides a path: {@code store.poolSize} is {@code ROTATOR_STORE_POOL_SIZE}. */
    public static String envVariable(String path) {
        return "ROTATOR_" + path.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase();
    }

    /** Every settable path, in order ({@code dataDir}, {@code server.host}, ...). */
    public static List<String> paths() {
        return leaves(defaultsTree(), "");
    }

    /** The defaults as a tree of the settings variables and flags may set: all but the targets. */
    private static ObjectNode defaultsTree() {
        ObjectNode tree = YAML.valueToTree(WorkerConfig.defaults());
        tree.remove(TARGETS);
        return tree;
    }

    /**
     * The file's targets, each a mapping of id, kind and the kind's settings (checked later, with the rest);
     * {@code targets:} with nothing under it declares none.
     */
    private static List<Target> targets(JsonNode list, String origin) {
        if (list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("configuration: " + TARGETS + " (" + origin + ") must be a list of "
                    + "mappings, each with id, kind and the kind's settings");
        }
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = TARGETS + "[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw new IllegalArgumentException("configuration: " + at + " (" + origin + ") must be a mapping "
                        + "with id, kind and the kind's settings");
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            item.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) { // "caFile:" and nothing: Target holds no nulls, and it is surely a slip
                    throw new IllegalArgumentException("configuration: " + at + "." + f.getKey() + " (" + origin
                            + ") has no value; give one or leave the key out");
                }
                settings.put(f.getKey(), YAML.convertValue(f.getValue(), Object.class));
            });
            out.add(new Target(scalar(settings.remove("id"), at + ".id", origin),
                    scalar(settings.remove("kind"), at + ".kind", origin), settings));
        }
        return out;
    }

    private static String scalar(Object value, String field, String origin) {
        if (value instanceof Map || value instanceof List) {
            throw new IllegalArgumentException("configuration: " + field + " (" + origin + ") must be a single value,"
                    + " not a " + (value instanceof List ? "list" : "mapping"));
        }
        return value == null ? null : value.toString();
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode node = YAML.readTree(Files.readString(file));
            return node == null ? YAML.missingNode() : node;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            // The YAML parser's own message quotes the offending line, which may hold the password:
            // keep only the problem and its position, and no cause that a stack trace would print.
            String problem = e.getCause() instanceof MarkedYAMLException m ? m.getProblem() : e.getOriginalMessage();
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("config file " + file + " is not valid YAML: " + problem
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + e, e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String path, String origin,
                              Map<String, String> origins) {
        if (!source.isObject()) {
            throw new IllegalArgumentException("configuration: " + (path.isEmpty() ? "the top level" : path)
                    + " (" + origin + ") must be a mapping of keys to values");
        }
        source.fields().forEachRemaining(f -> {
            String key = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            JsonNode existing = target.get(f.getKey());
            if (existing == null) {
                List<String> known = new ArrayList<>();
                target.fieldNames().forEachRemaining(known::add);
                throw new IllegalArgumentException("configuration: unknown key '" + key + "' (" + origin + "); "
                        + (path.isEmpty() ? "the top level" : path) + " takes " + String.join(", ", known));
            }
            if (existing.isObject()) {
                if (!f.getValue().isNull()) { // "server:" with nothing under it changes nothing
                    merge((ObjectNode) existing, f.getValue(), key, origin, origins);
                }
            } else {
                target.set(f.getKey(), typed(existing, f.getValue(), key + " (" + origin + ")"));
                origins.put(key, origin);
            }
        });
    }

    private static void set(ObjectNode tree, String path, JsonNode value, String origin, Map<String, String> origins) {
        String[] parts = path.split("\\.");
        JsonNode parent = tree;
        for (int i = 0; i < parts.length - 1 && parent != null; i++) {
            parent = parent.get(parts[i]);
        }
        JsonNode existing = parent == null ? null : parent.get(parts[parts.length - 1]);
        if (existing == null || existing.isObject()) {
            throw new IllegalArgumentException("configuration: unknown setting '" + path + "' (" + origin + ")");
        }
        ((ObjectNode) parent).set(parts[parts.length - 1], typed(existing, value, path + " (" + origin + ")"));
        origins.put(path, origin);
    }

    /** The value in the type of the default it replaces; YAML's true, 8080 or null are fine for a text setting. */
    private static JsonNode typed(JsonNode defaultValue, JsonNode value, String field) {
        if (defaultValue.isInt()) {
            try {
                return IntNode.valueOf(Integer.parseInt(value.isValueNode() ? value.asText().trim() : ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration: " + field + " must be a whole number"
                        + (value.isValueNode() ? ", got '" + value.asText() + "'" : ""));
            }
        }
        if (value.isContainerNode()) {
            throw new IllegalArgumentException("configuration: " + field + " must be a single value, not a "
                    + (value.isArray() ? "list" : "mapping"));
        }
        return TextNode.valueOf(value.isNull() ? "" : value.asText());
    }

    /** The dotted paths of a tree's leaves, in order. */
    static List<String> leaves(JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        node.fields().forEachRemaining(f -> {
            String key = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            if (f.getValue().isObject()) {
                out.addAll(leaves(f.getValue(), key));
            } else {
                out.add(key);
            }
        });
        return out;
    }
}
