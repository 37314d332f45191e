package dev.rotator.core.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.DataType;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretFilter;
import dev.rotator.core.SecretType;
import dev.rotator.core.Stages;
import dev.rotator.core.Tag;
import dev.rotator.core.spi.KeyDirectory;
import dev.rotator.core.spi.RotationOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Every input rule of the secrets API, in one place (reference/kms-secrets.md §1–4, DESIGN.md).
 * Validation stores nothing, so a refused request changes nothing.
 *
 * <p>Errors: an absent top-level parameter is {@code MissingParameter}; anything present but wrong,
 * including a missing key inside a JSON parameter, is {@code InvalidParameter}; an unknown
 * EncryptionKeyId is {@code Forbidden.KeyNotFound}; a VersionId already used is
 * {@code Rejected.ResourceExist}. Messages read {@code "Field: rule"} and never repeat what the
 * caller sent, so no secret value can leak through them.
 *
 * <p>Our decisions where Alibaba is silent:
 * <ul>
 *   <li>Description is at most {@value #MAX_DESCRIPTION_LENGTH} characters (the ListSecrets filter limit).</li>
 *   <li>Lengths count Unicode code points; SecretData counts bytes.</li>
 *   <li>RegionId is optional in ExtendedConfig: self-hosted targets have no region.</li>
 *   <li>Rds takes {@code $Auto} (create-account mode, account named in ExtendedConfig.AccountName) or
 *       an import of 1 account, or 2 forming the pair {@code user}/{@code user_clone} (DoubleUsers only).</li>
 *   <li>ExtendedConfig is ignored for Generic, as Alibaba does; unknown keys are kept, not refused.</li>
 *   <li>Tag keys and values may use letters and digits of any script.</li>
 * </ul>
 */
public final class SecretRules {
    public static final int MAX_NAME_LENGTH = 192;
    public static final int MAX_VERSION_ID_LENGTH = 64;
    public static final int MAX_DATA_BYTES = 30_720;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 128;
    public static final int MAX_EXTENDED_CONFIG_LENGTH = 1_024;
    public static final int MAX_CUSTOM_DATA_PAIRS = 10;
    public static final int MAX_DESCRIPTION_LENGTH = 256;
    public static final int MAX_VERSION_STAGES = 8;
    public static final int MAX_STAGE_LENGTH = 64;
    public static final int MIN_RECOVERY_DAYS = 7;
    public static final int MAX_RECOVERY_DAYS = 30;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_FILTER_VALUES = 10;
    public static final int MAX_FILTER_VALUE_LENGTH = 256;
    public static final int MAX_POLICY_BYTES = 32_768;
    public static final String DEFAULT_POLICY_NAME = "default";
    public static final String AUTO = "$Auto";
    public static final String DEFAULT_VERSION_ID = "v1";
    public static final String RAM_NAME_PREFIX = "acs/ram/user/";
    public static final String ECS_NAME_PREFIX = "acs/ecs/";
    public static final String CLONE_SUFFIX = "_clone";

    private static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9_/+=.\\-@]+");
    private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Nd} /\\\\_\\-.+=:@]+");
    private static final Pattern STAGE_CHARS = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,12})([dhms]?)");
    /** Day counts and page numbers: digits only, at most 4 (no sign, no decimals). */
    private static final Pattern SMALL_WHOLE_NUMBER = Pattern.compile("\\d{1,4}");
    private static final Pattern SSH_PUBLIC_KEY = Pattern.compile(
            "(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-\\S+) [A-Za-z0-9+/]+={0,2}( .*)?");

    private static final String TAGS_RULE = "must be a JSON array of {TagKey,TagValue}";
    private static final String FILTERS_RULE = "must be a JSON array of {\"Key\":\"...\",\"Values\":[\"...\"]}";
    private static final String STAGES_RULE = "must be a JSON array of labels, e.g. [\"ACSCurrent\"]";
    private static final String RDS_SHAPE = "$Auto or a JSON object {\"Accounts\":[{\"AccountName\",\"AccountPassword\"}]}";
    private static final String RAM_SHAPE = "a JSON object {\"AccessKeys\":[{\"AccessKeyId\",\"AccessKeySecret\"}]}";
    private static final String ECS_PASSWORD_SHAPE = "a JSON object {\"UserName\",\"Password\"}";
    private static final String ECS_SSH_SHAPE = "a JSON object {\"UserName\",\"PublicKey\",\"PrivateKey\"}";

    // Strict JSON: a duplicate key or trailing garbage is an error, not "last one wins".
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    /** One ExtendedConfig key of a type: required or optional, and its allowed values (empty: any). */
    private record KeyRule(String key, boolean required, List<String> allowed) {
    }

    private static final Map<SecretType, List<KeyRule>> CONFIG_KEYS = new EnumMap<>(Map.of(
            SecretType.RDS, List.of(req("SecretSubType", "SingleUser", "DoubleUsers"), req("DBInstanceId"),
                    opt("AccountName")),
            SecretType.REDIS, List.of(req("SecretSubType", "DoubleUsers"), req("AccountName"),
                    req("CloneAccountName"), req("AccountPrivilege"), req("InstanceId"), opt("RegionId")),
            SecretType.POLARDB, List.of(req("SecretSubType", "DoubleUsers"), req("DBClusterId"),
                    req("DBType", "MySQL", "PostgreSQL"), req("AccountName"), req("CloneAccountName"),
                    req("AccountType", "Normal"), opt("RegionId"), opt("AccountPrivilege"), opt("DBName")),
            SecretType.RAM_CREDENTIALS, List.of(req("SecretSubType", "RamUserAccessKey"), req("UserName")),
            SecretType.ECS, List.of(req("SecretSubType", "Password", "SSHKey"), req("InstanceId"), opt("RegionId"))));

    private SecretRules() {
    }

    // ---------------------------------------------------------------- CreateSecret as a whole

    /** Runs every CreateSecret rule in a fixed order; the first broken rule throws. */
    public static ValidatedSecret validateNewSecret(NewSecretRequest r, KeyDirectory keys) {
        SecretType type = parseSecretType(r.secretType());
        boolean ram = type == SecretType.RAM_CREDENTIALS;
        if (ram) {
            requireAutoName(r.secretName());
        } else {
            checkSecretName(type, r.secretName());
        }
        String versionId = checkVersionId(versionIdOrDefault(r.versionId()));
        DataType dataType = parseDataType(type, r.secretDataType());
        ExtendedConfig config = parseExtendedConfig(type, r.extendedConfig());
        checkSecretData(type, config, r.secretData());
        String name = ram ? ramSecretName(config.require("UserName")) : r.secretName();
        List<Tag> tags = checkTags(parseTags(r.tags()));
        String description = checkDescription(r.description());
        Optional<Duration> interval = checkRotation(type, r.enableAutomaticRotation(), r.rotationInterval());
        String keyId = resolveEncryptionKey(r.encryptionKeyId(), keys);
        return new ValidatedSecret(type, name, versionId, dataType, config, tags, interval, interval.isPresent(),
                keyId, description);
    }

    // ---------------------------------------------------------------- SecretType, SecretDataType

    /** SecretType, case-insensitive; absent means Generic. */
    public static SecretType parseSecretType(String wire) {
        if (wire == null || wire.isBlank()) {
            return SecretType.GENERIC;
        }
        return SecretType.fromWire(wire).orElseThrow(() -> invalid("SecretType", "must be one of "
                + Arrays.stream(SecretType.values()).map(SecretType::wireName).collect(Collectors.joining(", "))));
    }

    /** SecretDataType {@code text|binary}, default text; managed types hold text only. */
    public static DataType parseDataType(SecretType type, String wire) {
        DataType dataType = wire == null || wire.isEmpty() ? DataType.TEXT
                : DataType.fromWire(wire).orElseThrow(() -> invalid("SecretDataType", "must be text or binary"));
        if (type.isManaged() && dataType != DataType.TEXT) {
            throw invalid("SecretDataType", "must be text for " + type + " secrets");
        }
        return dataType;
    }

    // ---------------------------------------------------------------- SecretName

    /**
     * SecretName of a secret: required, at most 192 characters of {@code [A-Za-z0-9_/+=.-@]}; ECS names
     * start with {@code acs/ecs/}, RAMCredentials names with {@code acs/ram/user/}, all others must not
     * start with {@code acs/} (any case: the prefix is reserved).
     */
    public static String checkSecretName(SecretType type, String name) {
        return checkName("SecretName", type, name);
    }

    /** RAMCredentials callers pass the literal {@code $Auto}; the name is generated (see {@link #ramSecretName}). */
    public static void requireAutoName(String name) {
        require("SecretName", name);
        if (!AUTO.equals(name)) {
            throw invalid("SecretName", "RAMCredentials secrets take the literal $Auto; "
                    + "the name is generated as acs/ram/user/<UserName>");
        }
    }

    /** The generated name of a RAMCredentials secret, {@code acs/ram/user/<UserName>}, checked like any name. */
    public static String ramSecretName(String userName) {
        require("ExtendedConfig.UserName", userName);
        return checkName("SecretName (acs/ram/user/ + ExtendedConfig.UserName)", SecretType.RAM_CREDENTIALS,
                RAM_NAME_PREFIX + userName);
    }

    private static String checkName(String field, SecretType type, String name) {
        require(field, name);
        checkLength(field, name, 1, MAX_NAME_LENGTH);
        checkChars(field, name, NAME_CHARS, "letters, digits and _ / + = . - @");
        String prefix = switch (type) {
            case ECS -> ECS_NAME_PREFIX;
            case RAM_CREDENTIALS -> RAM_NAME_PREFIX;
            default -> null;
        };
        if (prefix != null && !name.startsWith(prefix)) {
            throw invalid(field, type + " secret names must start with " + prefix);
        }
        if (prefix == null && name.toLowerCase(Locale.ROOT).startsWith("acs/")) {
            throw invalid(field, "must not start with acs/ (reserved for ECS and RAMCredentials secrets)");
        }
        return name;
    }

    // ---------------------------------------------------------------- VersionId

    /** CreateSecret's VersionId, {@value #DEFAULT_VERSION_ID} when absent. */
    public static String versionIdOrDefault(String versionId) {
        return versionId == null || versionId.isEmpty() ? DEFAULT_VERSION_ID : versionId;
    }

    /** VersionId: required, not blank, at most 64 characters. */
    public static String checkVersionId(String versionId) {
        return checkVersionId("VersionId", versionId);
    }

    /** A version id given in another field (MoveToVersion, RemoveFromVersion): the VersionId rules, naming that field. */
    public static String checkVersionId(String field, String versionId) {
        require(field, versionId);
        if (versionId.isBlank()) {
            throw invalid(field, "must not be blank");
        }
        return checkLength(field, versionId, 1, MAX_VERSION_ID_LENGTH);
    }

    /** A valid VersionId not yet used by the secret; Rejected.ResourceExist otherwise. */
    public static String requireNewVersionId(Collection<String> existing, String versionId) {
        checkVersionId(versionId);
        if (existing.contains(versionId)) {
            throw new RotatorException(ErrorCode.RESOURCE_EXIST, "VersionId: already exists in this secret");
        }
        return versionId;
    }

    // ---------------------------------------------------------------- SecretData

    /**
     * SecretData: required, at most 30,720 bytes; for managed types the input shape of kms-secrets.md §1.3
     * (which for Rds and ECS depends on the already checked ExtendedConfig).
     */
    public static void checkSecretData(SecretType type, ExtendedConfig config, byte[] data) {
        if (data == null || data.length == 0) {
            throw RotatorException.missing("SecretData");
        }
        checkRange("SecretData", data.length, 0, MAX_DATA_BYTES, "bytes");
        String text = new String(data, StandardCharsets.UTF_8);
        switch (type) {
            case GENERIC -> { }
            case RDS -> checkRdsData(config, text);
            case REDIS, POLARDB -> {
                if (!AUTO.equals(text)) {
                    throw invalid("SecretData", "must be $Auto for " + type + " secrets (the rotator creates the accounts)");
                }
            }
            case RAM_CREDENTIALS -> checkRamData(text);
            case ECS -> checkEcsData(config, text);
        }
    }

    private static void checkRdsData(ExtendedConfig config, String text) {
        if (AUTO.equals(text)) { // create-account mode: the account to create is named in ExtendedConfig
            if (config.string("AccountName").isEmpty()) {
                throw invalid("ExtendedConfig.AccountName", "is required when SecretData is $Auto");
            }
            return;
        }
        List<ObjectNode> accounts = objects(dataObject(text, RDS_SHAPE), "SecretData", "Accounts", 1, 2, "accounts");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            String path = "SecretData.Accounts[" + i + "]";
            names.add(member(accounts.get(i), path, "AccountName", true));
            member(accounts.get(i), path, "AccountPassword", true);
        }
        if (names.size() == 2 && "SingleUser".equals(config.string("SecretSubType").orElse(null))) {
            throw invalid("SecretData.Accounts", "SingleUser secrets take exactly 1 account");
        }
        if (names.size() == 2 && !isClonePair(names.get(0), names.get(1))) {
            throw invalid("SecretData.Accounts", "two accounts must be a pair <AccountName> and <AccountName>_clone");
        }
    }

    private static boolean isClonePair(String a, String b) {
        return a.equals(b + CLONE_SUFFIX) || b.equals(a + CLONE_SUFFIX);
    }

    private static void checkRamData(String text) {
        List<ObjectNode> keys = objects(dataObject(text, RAM_SHAPE), "SecretData", "AccessKeys", 1, 2, "AccessKey pairs");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String path = "SecretData.AccessKeys[" + i + "]";
            ids.add(member(keys.get(i), path, "AccessKeyId", true));
            member(keys.get(i), path, "AccessKeySecret", true);
        }
        if (ids.size() != keys.size()) {
            throw invalid("SecretData.AccessKeys", "AccessKeyIds must differ");
        }
    }

    private static void checkEcsData(ExtendedConfig config, String text) {
        boolean sshKey = "SSHKey".equals(config.string("SecretSubType").orElse(null));
        ObjectNode value = dataObject(text, sshKey ? ECS_SSH_SHAPE : ECS_PASSWORD_SHAPE);
        member(value, "SecretData", "UserName", true);
        if (!sshKey) {
            member(value, "SecretData", "Password", true);
            return;
        }
        if (!SSH_PUBLIC_KEY.matcher(member(value, "SecretData", "PublicKey", true)).matches()) {
            throw invalid("SecretData.PublicKey", "must be an OpenSSH public key: <type> <base64> [comment]");
        }
        member(value, "SecretData", "PrivateKey", true);
    }

    private static ObjectNode dataObject(String text, String shape) {
        return object("SecretData", readJson("SecretData", text, "must be " + shape), "must be " + shape);
    }

    // ---------------------------------------------------------------- Tags

    /** The wire form {@code [{"TagKey":"k","TagValue":"v"}]}; absent means no tags. Not yet checked: see {@link #checkTags}. */
    public static List<Tag> parseTags(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode array = readJson("Tags", json, TAGS_RULE);
        if (!array.isArray()) {
            throw invalid("Tags", TAGS_RULE);
        }
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : array) {
            JsonNode key = t.get("TagKey");
            JsonNode value = t.get("TagValue");
            if (key == null || value == null || !key.isTextual() || !value.isTextual()) {
                throw invalid("Tags", TAGS_RULE);
            }
            tags.add(new Tag(key.asText(), value.asText()));
        }
        return tags;
    }

    /**
     * At most 20 tags; key and value 1–128 letters, digits, spaces or {@code / \ _ - . + = : @}; keys unique
     * and not starting with {@code aliyun} or {@code acs:} (any case).
     */
    public static List<Tag> checkTags(List<Tag> tags) {
        checkRange("Tags", tags.size(), 0, MAX_TAGS, "tags");
        Set<String> keys = new HashSet<>();
        for (Tag tag : tags) {
            checkTagText("Tags.TagKey", tag.key());
            checkTagText("Tags.TagValue", tag.value());
            String key = tag.key().toLowerCase(Locale.ROOT);
            if (key.startsWith("aliyun") || key.startsWith("acs:")) {
                throw invalid("Tags.TagKey", "must not start with aliyun or acs: (reserved)");
            }
            if (!keys.add(tag.key())) {
                throw invalid("Tags.TagKey", "keys must be unique");
            }
        }
        return List.copyOf(tags);
    }

    private static void checkTagText(String field, String text) {
        checkLength(field, text, 1, MAX_TAG_LENGTH);
        checkChars(field, text, TAG_CHARS, "letters, digits, spaces and / \\ _ - . + = : @");
    }

    // ---------------------------------------------------------------- ExtendedConfig

    /**
     * ExtendedConfig: ignored for Generic (returns empty); required for managed types: a JSON object of at
     * most 1,024 characters with the type's keys (kms-secrets.md §1.5) and an optional CustomData.
     */
    public static ExtendedConfig parseExtendedConfig(SecretType type, String json) {
        if (!type.isManaged()) {
            return ExtendedConfig.EMPTY;
        }
        if (json == null || json.isBlank()) {
            throw new RotatorException(ErrorCode.MISSING_PARAMETER, "ExtendedConfig: is required for " + type + " secrets");
        }
        checkLength("ExtendedConfig", json, 0, MAX_EXTENDED_CONFIG_LENGTH);
        ObjectNode config = object("ExtendedConfig", readJson("ExtendedConfig", json, "must be a JSON object"),
                "must be a JSON object");
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyRule rule : CONFIG_KEYS.get(type)) {
            String value = member(config, "ExtendedConfig", rule.key(), rule.required());
            if (value != null && !rule.allowed().isEmpty()) {
                checkOneOf("ExtendedConfig." + rule.key(), value, rule.allowed());
            }
            values.put(rule.key(), value);
        }
        String clone = values.get("CloneAccountName");
        if (clone != null && !clone.equals(values.get("AccountName") + CLONE_SUFFIX)) {
            throw invalid("ExtendedConfig.CloneAccountName", "must be AccountName + " + CLONE_SUFFIX);
        }
        if (config.has("CustomData")) {
            checkCustomData(config.get("CustomData"));
        }
        return ExtendedConfig.of(JSON.convertValue(config, MAP));
    }

    /** ExtendedConfig.CustomData alone (UpdateSecret): a JSON object of at most 10 pairs. */
    public static Map<String, Object> parseCustomData(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonNode node = readJson("ExtendedConfig.CustomData", json, "must be a JSON object");
        checkCustomData(node);
        return JSON.convertValue(node, MAP);
    }

    private static void checkCustomData(JsonNode node) {
        object("ExtendedConfig.CustomData", node, "must be a JSON object");
        checkRange("ExtendedConfig.CustomData", node.size(), 0, MAX_CUSTOM_DATA_PAIRS, "key/value pairs");
    }

    // ---------------------------------------------------------------- RotationInterval

    /** {@code N[d|h|m|s]}: digits, then an optional unit (none means seconds); no spaces, no weeks. */
    public static Duration parseInterval(String text) {
        return parseDuration("RotationInterval", text, "7d, 604800s");
    }

    private static Duration parseDuration(String field, String text, String examples) {
        require(field, text);
        Matcher m = INTERVAL.matcher(text);
        if (!m.matches()) {
            throw invalid(field, "must be digits followed by an optional unit d, h, m or s (e.g. " + examples + ")");
        }
        long n = Long.parseLong(m.group(1)); // at most 12 digits: no overflow even in days
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** The output form: whole seconds with an {@code s}, e.g. {@code 604800s}. */
    public static String formatInterval(Duration interval) {
        return interval.getSeconds() + "s";
    }

    /**
     * The rotation settings of CreateSecret / UpdateSecretRotationPolicy: empty when rotation is off (the
     * interval is then ignored); otherwise the interval, required and within the type's range, bounds included.
     */
    public static Optional<Duration> checkRotation(SecretType type, boolean enabled, String interval) {
        if (!enabled) {
            return Optional.empty();
        }
        if (!type.isManaged()) {
            throw invalid("EnableAutomaticRotation", "Generic secrets are not rotated automatically; use PutSecretValue");
        }
        if (interval == null || interval.isEmpty()) {
            throw new RotatorException(ErrorCode.MISSING_PARAMETER,
                    "RotationInterval: is required when EnableAutomaticRotation is true");
        }
        Duration d = parseInterval(interval);
        Duration min = type.minInterval().orElseThrow();
        Duration max = type.maxInterval().orElseThrow();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid("RotationInterval", "must be between " + human(min) + " and " + human(max)
                    + " for " + type + " secrets");
        }
        return Optional.of(d);
    }

    /**
     * Rotate-now's OverlapWindow ({@code N[d|h|m|s]}): empty when not given; only for RAMCredentials secrets, and
     * within {@link RotationOptions#MIN_OVERLAP_WINDOW} to {@link RotationOptions#MAX_OVERLAP_WINDOW}, bounds included.
     */
    public static Optional<Duration> checkOverlapWindow(SecretType type, String overlapWindow) {
        if (overlapWindow == null) {
            return Optional.empty();
        }
        if (type != SecretType.RAM_CREDENTIALS) {
            throw invalid("OverlapWindow", "applies to RAMCredentials secrets only (the old AccessKey's grace "
                    + "period); leave it out for " + type + " secrets");
        }
        if (overlapWindow.isEmpty()) {
            throw invalid("OverlapWindow", "must not be empty; leave it out for the rotator's default");
        }
        Duration d = parseDuration("OverlapWindow", overlapWindow, "2h, 30m");
        Duration min = RotationOptions.MIN_OVERLAP_WINDOW;
        Duration max = RotationOptions.MAX_OVERLAP_WINDOW;
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid("OverlapWindow", "must be between " + human(min) + " and " + human(max));
        }
        return Optional.of(d);
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    // ---------------------------------------------------------------- EncryptionKeyId, Description

    /** The key to encrypt with: the named one (must exist, be symmetric and enabled) or the directory's default. */
    public static String resolveEncryptionKey(String keyId, KeyDirectory keys) {
        if (keyId == null || keyId.isBlank()) {
            return keys.defaultKeyId();
        }
        KeyDirectory.KeyInfo key = keys.find(keyId).orElseThrow(() ->
                new RotatorException(ErrorCode.KEY_NOT_FOUND, "EncryptionKeyId: the key does not exist"));
        if (!key.symmetric()) {
            throw invalid("EncryptionKeyId", "the key must be symmetric");
        }
        if (!key.enabled()) {
            throw invalid("EncryptionKeyId", "the key must be enabled");
        }
        return key.keyId();
    }

    /**
     * Description: optional, at most {@value #MAX_DESCRIPTION_LENGTH} characters. Alibaba states no limit; we
     * take the ListSecrets filter's 256 so every description can be searched for. Absent becomes "".
     */
    public static String checkDescription(String description) {
        return description == null ? "" : checkLength("Description", description, 0, MAX_DESCRIPTION_LENGTH);
    }

    // ---------------------------------------------------------------- VersionStages (PutSecretValue)

    /**
     * PutSecretValue's VersionStages: {@code ["a","b"]} or the older {@code {"VersionStage":["a"]}}; 1–8
     * unique labels of 1–64 {@code [A-Za-z0-9_.-]}; ACSPending (any case) is the engine's own; ACSCurrent and
     * ACSPrevious not both (one version cannot be its own predecessor). Absent gives an empty list: the caller
     * applies the default, ACSCurrent.
     */
    public static List<String> parseVersionStages(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode node = readJson("VersionStages", json, STAGES_RULE);
        if (node.isObject() && node.size() == 1 && node.has("VersionStage")) {
            node = node.get("VersionStage");
        }
        if (!node.isArray()) {
            throw invalid("VersionStages", STAGES_RULE);
        }
        checkRange("VersionStages", node.size(), 1, MAX_VERSION_STAGES, "labels");
        Set<String> labels = new LinkedHashSet<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw invalid("VersionStages", STAGES_RULE);
            }
            if (!labels.add(checkStageLabel("VersionStages", n.asText()))) {
                throw invalid("VersionStages", "labels must be unique");
            }
        }
        if (labels.contains(Stages.CURRENT) && labels.contains(Stages.PREVIOUS)) {
            throw invalid("VersionStages", "ACSCurrent and ACSPrevious cannot mark the same version");
        }
        return List.copyOf(labels);
    }

    /**
     * A stage label a caller may set: 1–64 {@code [A-Za-z0-9_.-]}; ACSPending (any case) is the engine's own.
     * Absent is {@code MissingParameter}.
     */
    public static String checkVersionStage(String field, String label) {
        return checkStageLabel(field, require(field, label));
    }

    private static String checkStageLabel(String field, String label) {
        checkLength(field, label, 1, MAX_STAGE_LENGTH);
        checkChars(field, label, STAGE_CHARS, "letters, digits and _ . -");
        if (label.equalsIgnoreCase(Stages.PENDING)) {
            throw invalid(field, Stages.PENDING + " is reserved for the engine");
        }
        return label;
    }

    // ---------------------------------------------------------------- DeleteSecret

    /** RecoveryWindowInDays: whole days from 7 to 30, default 30. */
    public static int parseRecoveryWindow(String days) {
        if (days == null || days.isBlank()) {
            return MAX_RECOVERY_DAYS;
        }
        if (!SMALL_WHOLE_NUMBER.matcher(days).matches()) {
            throw invalid("RecoveryWindowInDays", "must be a whole number of days");
        }
        return checkRecoveryWindow(Integer.parseInt(days));
    }

    /** RecoveryWindowInDays as a number: 7 to 30, {@code null} for the default 30. */
    public static int checkRecoveryWindow(Integer days) {
        return days == null ? MAX_RECOVERY_DAYS
                : (int) checkRange("RecoveryWindowInDays", days, MIN_RECOVERY_DAYS, MAX_RECOVERY_DAYS, "days");
    }

    /** ForceDeleteWithoutRecovery: {@code true|false}, default false. */
    public static boolean parseForceDelete(String value) {
        return parseBoolean("ForceDeleteWithoutRecovery", value, false);
    }

    /** A boolean query parameter: {@code true} or {@code false} (any case), or absent for the default. */
    public static boolean parseBoolean(String field, String value, boolean byDefault) {
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(field, "must be true or false");
    }

    // ---------------------------------------------------------------- Paging (ListSecrets, ListSecretVersionIds)

    /** A numeric query parameter: digits only, {@code null} when absent. */
    public static Integer parseWholeNumber(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!SMALL_WHOLE_NUMBER.matcher(text).matches()) {
            throw invalid(field, "must be a whole number of at most 4 digits");
        }
        return Integer.parseInt(text);
    }

    /** PageNumber: from 1, default 1. */
    public static int checkPageNumber(Integer pageNumber) {
        return pageNumber == null ? 1 : (int) checkRange("PageNumber", pageNumber, 1, Integer.MAX_VALUE, "");
    }

    /** PageSize: 1 to {@value #MAX_PAGE_SIZE}, {@code byDefault} when absent. */
    public static int checkPageSize(Integer pageSize, int byDefault) {
        return pageSize == null ? byDefault : (int) checkRange("PageSize", pageSize, 1, MAX_PAGE_SIZE, "");
    }

    // ---------------------------------------------------------------- Filters (ListSecrets)

    /**
     * ListSecrets' Filters: {@code [{"Key":"SecretName","Values":["a","b"]}]}, each Key once, one of
     * SecretName, Description, TagKey, TagValue, SecretType, with 1–10 values of 1–256 characters
     * (SecretType values: a secret type in any case). Absent means no filter.
     */
    public static SecretFilter parseFilters(String json) {
        if (json == null || json.isBlank()) {
            return SecretFilter.NONE;
        }
        JsonNode array = readJson("Filters", json, FILTERS_RULE);
        if (!array.isArray()) {
            throw invalid("Filters", FILTERS_RULE);
        }
        Map<SecretFilter.Key, List<String>> conditions = new EnumMap<>(SecretFilter.Key.class);
        for (JsonNode f : array) {
            if (!f.isObject() || f.size() != 2 || !f.path("Key").isTextual() || !f.path("Values").isArray()) {
                throw invalid("Filters", FILTERS_RULE);
            }
            SecretFilter.Key key = SecretFilter.Key.fromWire(f.get("Key").asText()).orElseThrow(() -> invalid(
                    "Filters.Key", "must be one of " + Arrays.stream(SecretFilter.Key.values())
                            .map(SecretFilter.Key::wireName).collect(Collectors.joining(", "))));
            if (conditions.containsKey(key)) {
                throw invalid("Filters.Key", "each key may appear once (list several Values instead)");
            }
            JsonNode values = f.get("Values");
            checkRange("Filters.Values", values.size(), 1, MAX_FILTER_VALUES, "values per key");
            List<String> parsed = new ArrayList<>();
            for (JsonNode v : values) {
                if (!v.isTextual()) {
                    throw invalid("Filters.Values", "must be strings");
                }
                String value = checkLength("Filters.Values", v.asText(), 1, MAX_FILTER_VALUE_LENGTH);
                parsed.add(key == SecretFilter.Key.SECRET_TYPE ? SecretType.fromWire(value).orElseThrow(() -> invalid(
                        "Filters.Values", "SecretType values must be secret types")).wireName() : value);
            }
            conditions.put(key, parsed);
        }
        return new SecretFilter(conditions);
    }

    // ---------------------------------------------------------------- Secret policy (Get/SetSecretPolicy)

    /** PolicyName: only {@value #DEFAULT_POLICY_NAME}, which is also the default. */
    public static String checkPolicyName(String policyName) {
        if (policyName == null || policyName.isEmpty()) {
            return DEFAULT_POLICY_NAME;
        }
        checkOneOf("PolicyName", policyName, List.of(DEFAULT_POLICY_NAME));
        return policyName;
    }

    /**
     * Policy: required, a JSON object of at most {@value #MAX_POLICY_BYTES} bytes. Only the shape is checked here;
     * the statements are the policy parser's job.
     */
    public static String checkSecretPolicy(String policy) {
        require("Policy", policy);
        checkRange("Policy", policy.getBytes(StandardCharsets.UTF_8).length, 1, MAX_POLICY_BYTES, "bytes");
        object("Policy", readJson("Policy", policy, "must be a JSON object"), "must be a JSON object");
        return policy;
    }

    // ---------------------------------------------------------------- one helper per kind of check

    private static KeyRule req(String key, String... allowed) {
        return new KeyRule(key, true, List.of(allowed));
    }

    private static KeyRule opt(String key, String... allowed) {
        return new KeyRule(key, false, List.of(allowed));
    }

    private static String require(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw RotatorException.missing(field);
        }
        return value;
    }

    /** Length in characters (code points, so an emoji counts once). */
    private static String checkLength(String field, String value, int min, int max) {
        checkRange(field, value.codePointCount(0, value.length()), min, max, "characters");
        return value;
    }

    private static long checkRange(String field, long n, long min, long max, String unit) {
        if (n > max) {
            throw invalid(field, ("at most " + max + " " + unit).trim());
        }
        if (n < min) {
            throw invalid(field, ("at least " + min + " " + unit).trim());
        }
        return n;
    }

    private static void checkChars(String field, String value, Pattern allowed, String description) {
        if (!allowed.matcher(value).matches()) {
            throw invalid(field, "may contain only " + description);
        }
    }

    private static void checkOneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw invalid(field, "must be " + (allowed.size() == 1 ? allowed.get(0) : "one of " + String.join(", ", allowed)));
        }
    }

    /** Parses JSON; the parser's own message is dropped because it quotes the input. */
    private static JsonNode readJson(String field, String text, String rule) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw invalid(field, rule);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid(field, rule);
        }
    }

    private static ObjectNode object(String field, JsonNode node, String rule) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw invalid(field, rule);
    }

    /** A non-empty string member {@code path.key}; null when absent and optional. */
    private static String member(ObjectNode object, String path, String key, boolean required) {
        JsonNode value = object.get(key);
        String field = path + "." + key;
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(field, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid(field, "must be a non-empty string");
        }
        return value.asText();
    }

    /** The array member {@code path.key} of {@code min..max} JSON objects. */
    private static List<ObjectNode> objects(ObjectNode object, String path, String key, int min, int max, String unit) {
        String field = path + "." + key;
        JsonNode array = object.get(key);
        if (array == null || !array.isArray()) {
            throw invalid(field, "is required: a JSON array of " + min + " to " + max + " " + unit);
        }
        checkRange(field, array.size(), min, max, unit);
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            items.add(object(field + "[" + i + "]", array.get(i), "must be a JSON object"));
        }
        return items;
    }
}
