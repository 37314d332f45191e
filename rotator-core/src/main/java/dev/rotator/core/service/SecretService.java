package dev.rotator.core.service;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.DataType;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretFilter;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.credential.CredentialGenerator;
import dev.rotator.core.credential.RandomPasswordRequest;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.spi.KeyDirectory;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.spi.SecretStore.SecretAtStage;
import dev.rotator.core.spi.Target;
import dev.rotator.core.spi.TargetKind;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.core.validation.SecretRules;
import dev.rotator.core.validation.ValidatedSecret;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The operations on secrets that the API and the CLI share, one method per KMS action. Every input
 * passes {@link SecretRules} (and the type's rotator) before anything is written, so bad input changes
 * nothing; every change to a secret's schedule is handed to the scheduler. All times are UTC instants
 * from the clock.
 *
 * <p>Lookups: a secret that does not exist, or whose recovery window has ended (it waits for
 * {@link #purgeExpired}), is 404 Forbidden.ResourceNotFound; a secret inside its recovery window is
 * 409 Rejected.ResourceInDeleteWindow for every operation but {@link #describe} and {@link #restore}.
 */
public final class SecretService {
    public static final int LIST_PAGE_SIZE = 10;
    public static final int VERSION_PAGE_SIZE = 20;
    /** Create Bulk Secrets: at most this many secrets in one call. */
    public static final int MAX_BULK_SECRETS = 50;
    /** GetSecretPolicy of a secret that never had one: a policy that grants nothing beyond the caller's own rights. */
    public static final String EMPTY_POLICY = "{\"Version\":\"1\",\"Statement\":[]}";
    private static final int SCAN_BATCH = 500;
    /** A message that starts with the field it is about: {@code ExtendedConfig.AccountName: ...}. */
    private static final Pattern FIELD_FIRST = Pattern.compile("[A-Z][A-Za-z0-9_.\\[\\]]*: ");
    private static final int PURGE_BATCH = 100;

    private final SecretStore store;
    private final KeyDirectory keys;
    private final RotatorRegistry rotators;
    private final Consumer<Secret> scheduleChanged;
    private final RotationRequests rotationRequests;
    private final Consumer<String> policyCheck;
    private final Consumer<Secret> targetCheck;
    private final CredentialGenerator passwords = new CredentialGenerator();
    private final Clock clock;

    /** A service that cannot rotate now (RotateSecret fails): for tools and tests that need no scheduler. */
    public SecretService(SecretStore store, KeyDirectory keys, RotatorRegistry rotators,
                         Consumer<Secret> scheduleChanged, Clock clock) {
        this(store, keys, rotators, scheduleChanged, RotationRequests.NONE, clock);
    }

    /**
     * @param scheduleChanged  told of every secret whose schedule may have changed (created, policy changed,
     *                         deleted, restored); the worker passes its scheduler's sync
     * @param rotationRequests where RotateSecret queues a rotation; the worker passes its scheduler's rotateNow
     */
    public SecretService(SecretStore store, KeyDirectory keys, RotatorRegistry rotators,
                         Consumer<Secret> scheduleChanged, RotationRequests rotationRequests, Clock clock) {
        this(store, keys, rotators, scheduleChanged, rotationRequests, policy -> { }, secret -> { }, clock);
    }

    private SecretService(SecretStore store, KeyDirectory keys, RotatorRegistry rotators,
                          Consumer<Secret> scheduleChanged, RotationRequests rotationRequests,
                          Consumer<String> policyCheck, Consumer<Secret> targetCheck, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.rotators = rotators;
        this.scheduleChanged = scheduleChanged;
        this.rotationRequests = rotationRequests;
        this.policyCheck = policyCheck;
        this.targetCheck = targetCheck;
        this.clock = clock;
    }

    /**
     * This service with a full check of secret policy documents (their statements), run by SetSecretPolicy
     * after the size and JSON-object checks; it throws a RotatorException naming the rule.
     */
    public SecretService withPolicyCheck(Consumer<String> check) {
        return new SecretService(store, keys, rotators, scheduleChanged, rotationRequests, check, targetCheck, clock);
    }

    /**
     * This service with CreateSecret of a managed type refused (InvalidParameter naming the ExtendedConfig key)
     * unless the key names a target of the type's kind in {@code declared}: the worker passes its configured
     * targets. Without it any id is taken (tools and tests with fake targets).
     */
    public SecretService withTargets(Function<String, Optional<Target>> declared) {
        return new SecretService(store, keys, rotators, scheduleChanged, rotationRequests, policyCheck,
                secret -> checkTarget(secret, declared), clock);
    }

    // ---------------------------------------------------------------- CreateSecret, rotation policy

    /**
     * CreateSecret: the first version gets ACSCurrent; rotation, when enabled, is due one interval from now.
     * A name still in its recovery window is Rejected.ResourceInDeleteWindow; one whose window has ended is
     * purged first and taken.
     */
    public Secret create(NewSecretRequest request) {
        Instant now = clock.instant();
        Prepared p = prepare(request, now);
        Secret secret = p.secret();
        if (requireFreeName(secret.name(), now)) {
            store.purgeIfDue(secret.name(), now);
        }
        if (p.rotator().isPresent()) {
            refuseSecondSecretFor(p.rotator().get(), secret, p.value());
        }
        if (p.rotator().isEmpty()) {
            store.create(secret, new NewVersion(p.versionId(), p.value(), now));
        } else {
            Rotator rotator = p.rotator().get();
            SecretValue value = rotator.provision(secret, p.value());
            try {
                store.create(secret, new NewVersion(p.versionId(), value, now));
            } catch (RuntimeException e) {
                // e.g. a CreateSecret of the same name that won the race: what provision made goes again.
                try {
                    rotator.deprovision(secret, p.value(), value);
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }
        scheduleChanged.accept(secret);
        return secret;
    }

    /** A new secret checked by every rule and, for a managed type, by its rotator's validate: nothing made yet. */
    private record Prepared(Secret secret, String versionId, SecretValue value, Optional<Rotator> rotator) {
    }

    private Prepared prepare(NewSecretRequest request, Instant now) {
        ValidatedSecret v = SecretRules.validateNewSecret(request, keys);
        SecretValue value = SecretValue.of(request.secretData(), v.dataType());
        RotationPolicy policy = v.rotationInterval()
                .map(interval -> new RotationPolicy(AutomaticRotation.Enabled, interval, now.plus(interval), null))
                .orElse(RotationPolicy.disabled());
        Secret secret = new Secret(v.name(), v.type(), v.description(), v.encryptionKeyId(), v.tags(),
                v.extendedConfig(), policy, null, null, now, now);
        Optional<Rotator> rotator = Optional.empty();
        if (v.type().isManaged()) {
            rotator = Optional.of(rotatorFor(secret));
            targetCheck.accept(secret);
            rotator.get().validate(secret, value);
        }
        return new Prepared(secret, v.versionId(), value, rotator);
    }

    /**
     * Refuses a name that is taken, or still in its recovery window; true when a secret whose window has ended holds
     * it (the caller purges it first). Refused before the rotator creates anything on the target (the store would
     * refuse it too, later).
     */
    private boolean requireFreeName(String name, Instant now) {
        Optional<Secret> old = store.find(name);
        if (old.isPresent() && old.get().pendingDeletion()) {
            if (!windowEnded(old.get(), now)) {
                throw inDeleteWindow(name);
            }
            return true;
        }
        if (old.isPresent()) {
            throw new RotatorException(ErrorCode.RESOURCE_EXIST, "SecretName: secret '" + name + "' already exists");
        }
        return false;
    }

    // ---------------------------------------------------------------- Create Bulk Secrets

    /**
     * Create Bulk Secrets: several managed secrets in one call, all or none. First every request is checked, none
     * made: CreateSecret's rules and the rotator's validate, no name given twice in the batch nor taken in the store,
     * then the rotator's {@link Rotator#preflight} on the target (what each would create is neither taken there nor
     * asked for twice). Then each is provisioned and stored in turn; if one fails, those made before it are deleted
     * from the store and {@link Rotator#deprovision deprovisioned} again, so the call leaves nothing. Errors name the
     * request by its place: {@code Secrets[i].Field: rule}.
     *
     * @return the secrets made, in the order asked
     */
    public List<Secret> createBulk(List<NewSecretRequest> requests) {
        if (requests.isEmpty() || requests.size() > MAX_BULK_SECRETS) {
            throw RotatorException.invalid("Secrets", "must list 1 to " + MAX_BULK_SECRETS + " secrets");
        }
        Instant now = clock.instant();
        List<Checked> batch = checkBatch(requests, now);
        List<Made> made = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Checked c = batch.get(i);
            Prepared p = c.prepared();
            try {
                if (c.purgeFirst()) {
                    store.purgeIfDue(p.secret().name(), now);
                }
                SecretValue value = p.rotator().get().provision(p.secret(), p.value());
                made.add(new Made(p, value, false));
                store.create(p.secret(), new NewVersion(p.versionId(), value, now));
                made.set(made.size() - 1, new Made(p, value, true));
            } catch (RuntimeException e) {
                throw undo(made, e instanceof RotatorException r ? inEntry(i, r) : e);
            }
        }
        batch.forEach(c -> scheduleChanged.accept(c.prepared().secret()));
        return batch.stream().map(c -> c.prepared().secret()).toList();
    }

    /** A request of a bulk creation that passed every check; {@code purgeFirst}: an expired secret holds its name. */
    private record Checked(Prepared prepared, boolean purgeFirst) {
    }

    /** Every check of a bulk creation, entry by entry, then the rotators' preflight; nothing is made. */
    private List<Checked> checkBatch(List<NewSecretRequest> requests, Instant now) {
        List<Checked> batch = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            NewSecretRequest request = requests.get(i);
            Prepared p = inEntry(i, () -> prepare(request, now));
            if (p.rotator().isEmpty()) {
                throw inEntry(i, RotatorException.invalid("SecretType", "Create Bulk Secrets makes managed secrets"));
            }
            Integer first = names.putIfAbsent(p.secret().name(), i);
            if (first != null) {
                throw RotatorException.invalid("Secrets[" + i + "].SecretName", "is Secrets[" + first
                        + "].SecretName too: each secret of the batch needs its own name");
            }
            batch.add(new Checked(p, inEntry(i, () -> requireFreeName(p.secret().name(), now))));
        }
        for (int i = 0; i < batch.size(); i++) {
            Prepared p = batch.get(i).prepared();
            List<Secret> earlier = batch.subList(0, i).stream().map(c -> c.prepared().secret())
                    .filter(s -> s.type() == p.secret().type()).toList();
            inEntry(i, () -> {
                p.rotator().get().preflight(p.secret(), earlier);
                return null;
            });
        }
        return batch;
    }

    /** A secret of a bulk creation provisioned on its target, and whether it was stored too. */
    private record Made(Prepared prepared, SecretValue value, boolean stored) {
    }

    /**
     * Removes what a failed bulk creation made, newest first: the stored secret, then its accounts on the target.
     * What cannot be removed is named in the failure returned (the removal's own error attached), never a value.
     */
    private RuntimeException undo(List<Made> made, RuntimeException failure) {
        List<String> left = new ArrayList<>();
        for (int i = made.size() - 1; i >= 0; i--) {
            Made m = made.get(i);
            Secret secret = m.prepared().secret();
            try {
                if (m.stored()) {
                    store.delete(secret.name());
                }
                m.prepared().rotator().get().deprovision(secret, m.prepared().value(), m.value());
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
                left.add("Secrets[" + i + "] '" + secret.name() + "': " + e.getMessage());
            }
        }
        if (left.isEmpty() || !(failure instanceof RotatorException r)) {
            return failure;
        }
        RotatorException told = new RotatorException(r.code(), r.getMessage() + "; what was made for "
                + String.join(", ", left) + " could not all be removed");
        for (Throwable t : failure.getSuppressed()) {
            told.addSuppressed(t);
        }
        return told;
    }

    /** Runs a check of the batch's i-th request, naming it in the error: {@code Secrets[i].Field: rule}. */
    private static <T> T inEntry(int i, Supplier<T> check) {
        try {
            return check.get();
        } catch (RotatorException e) {
            throw inEntry(i, e);
        }
    }

    private static RotatorException inEntry(int i, RotatorException e) {
        String message = String.valueOf(e.getMessage());
        RotatorException named = new RotatorException(e.code(), "Secrets[" + i + "]"
                + (FIELD_FIRST.matcher(message).lookingAt() ? "." : ": ") + message);
        for (Throwable t : e.getSuppressed()) {
            named.addSuppressed(t);
        }
        return named;
    }

    /**
     * UpdateSecretRotationPolicy. Enabling schedules the last rotation (or the creation) plus the
     * interval, or now when that is already past.
     */
    public Secret updateRotationPolicy(String name, boolean enable, String interval) {
        Secret secret = existing(name);
        Optional<Duration> checked = SecretRules.checkRotation(secret.type(), enable, interval);
        RotationPolicy old = secret.rotation();
        RotationPolicy policy;
        if (checked.isEmpty()) {
            policy = new RotationPolicy(AutomaticRotation.Disabled, old.interval(), null, old.lastRotation());
        } else {
            Instant base = old.lastRotation() != null ? old.lastRotation() : secret.createTime();
            Instant next = base.plus(checked.get());
            Instant now = clock.instant();
            AutomaticRotation state = old.state() == AutomaticRotation.Invalid ? AutomaticRotation.Invalid
                    : AutomaticRotation.Enabled;
            policy = new RotationPolicy(state, checked.get(), next.isBefore(now) ? now : next, old.lastRotation());
        }
        Secret updated = secret.withRotation(policy);
        store.update(updated);
        scheduleChanged.accept(updated);
        return updated;
    }

    // ---------------------------------------------------------------- values and versions

    /**
     * GetSecretValue. Generic: VersionId selects a version (if VersionStage is given too, the version must
     * carry it, else InvalidParameter); otherwise VersionStage, default ACSCurrent. Managed types: only
     * ACSCurrent and ACSPrevious can be read and VersionId is ignored, as Alibaba does. A version or stage
     * that does not exist is Forbidden.ResourceNotFound naming it.
     */
    public SecretValueResult getValue(String name, String versionId, String versionStage, boolean fetchExtendedConfig) {
        Secret secret;
        SecretVersion version;
        if (isEmpty(versionId)) {
            // The common read: the secret and its stage's version together (one store round trip).
            String stage = isEmpty(versionStage) ? Stages.CURRENT : versionStage;
            SecretAtStage read = existingAt(name, stage);
            secret = read.secret();
            checkReadableStage(secret, versionStage);
            version = read.version().orElseThrow(() -> stageNotFound(secret.name(), stage));
        } else {
            secret = existing(name);
            version = secret.type().isManaged() ? managedVersion(secret, versionStage)
                    : genericVersion(secret, versionId, versionStage);
        }
        boolean managed = secret.type().isManaged();
        return new SecretValueResult(secret.name(), secret.type(), version.versionId(), version.createTime(),
                version.value(), Stages.ordered(version.stages()), managed ? secret.rotation() : null,
                managed && fetchExtendedConfig ? secret.extendedConfig() : null);
    }

    /** Managed types serve ACSCurrent and ACSPrevious only; a Generic secret's stage must be a valid label. */
    private static void checkReadableStage(Secret secret, String versionStage) {
        if (isEmpty(versionStage)) {
            return;
        }
        if (!secret.type().isManaged()) {
            SecretRules.checkVersionStage("VersionStage", versionStage);
        } else if (!Stages.BUILT_IN.contains(versionStage)) {
            throw RotatorException.invalid("VersionStage", "only ACSCurrent and ACSPrevious can be read from "
                    + secret.type() + " secrets");
        }
    }

    private SecretVersion managedVersion(Secret secret, String versionStage) {
        checkReadableStage(secret, versionStage);
        String stage = isEmpty(versionStage) ? Stages.CURRENT : versionStage;
        return store.versionAt(secret.name(), stage).orElseThrow(() -> stageNotFound(secret.name(), stage));
    }

    private SecretVersion genericVersion(Secret secret, String versionId, String versionStage) {
        checkReadableStage(secret, versionStage);
        SecretRules.checkVersionId(versionId);
        SecretVersion version = store.version(secret.name(), versionId)
                .orElseThrow(() -> versionNotFound("VersionId", secret.name(), versionId));
        if (!isEmpty(versionStage) && !version.has(versionStage)) {
            throw RotatorException.invalid("VersionStage", "version '" + versionId + "' does not carry stage "
                    + versionStage);
        }
        return version;
    }

    /**
     * PutSecretValue (Generic only). Without VersionStages the new version gets ACSCurrent, its former holder
     * ACSPrevious, and the former ACSPrevious holder loses that label; with VersionStages it gets exactly those
     * labels, and ACSCurrent/ACSPrevious move only if listed (listing ACSCurrent hands ACSPrevious to the former
     * current version, as the default does). The same VersionId again: with the same data and type, a success
     * that changes nothing; with other data, Rejected.ResourceExist. A secret carries at most 8 labels
     * (Rejected.LimitExceeded) and keeps at most 10 versions, the oldest unlabelled one going first.
     *
     * @param secretData the value's bytes (UTF-8 text, or the decoded bytes of a binary value)
     * @param versionStages the wire JSON array, {@code null} for the default
     */
    public PutValueResult putValue(String name, String versionId, byte[] secretData, String secretDataType,
                                   String versionStages) {
        Secret secret = existing(name);
        requireGeneric(secret, "PutSecretValue");
        SecretRules.checkVersionId(versionId);
        DataType dataType = SecretRules.parseDataType(SecretType.GENERIC, secretDataType);
        SecretRules.checkSecretData(SecretType.GENERIC, ExtendedConfig.EMPTY, secretData);
        List<String> stages = SecretRules.parseVersionStages(versionStages);
        Set<String> labels = stages.isEmpty() ? Set.of(Stages.CURRENT) : Set.copyOf(stages);
        SecretValue value = SecretValue.of(secretData, dataType);

        Optional<PutValueResult> repeated = repeatedPut(name, versionId, value);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        StageLimits.checkAfterAdding(store.versions(name), labels);
        try {
            store.putVersion(name, new NewVersion(versionId, value, clock.instant()), labels);
        } catch (RotatorException e) {
            // A concurrent put of the same id won the race: the same answer as if it had come first.
            if (e.code() == ErrorCode.RESOURCE_EXIST) {
                return repeatedPut(name, versionId, value).orElseThrow(() -> e);
            }
            throw e;
        }
        return new PutValueResult(name, versionId, Stages.ordered(versionInfo(name, versionId).stages()));
    }

    private Optional<PutValueResult> repeatedPut(String name, String versionId, SecretValue value) {
        return store.version(name, versionId).map(existing -> {
            if (!existing.value().equals(value)) {
                throw new RotatorException(ErrorCode.RESOURCE_EXIST, "VersionId: version '" + versionId
                        + "' already exists in secret '" + name + "' with different data");
            }
            return new PutValueResult(name, versionId, Stages.ordered(existing.stages()));
        });
    }

    /**
     * ListSecretVersionIds: versions oldest first; versions without any label are shown only with
     * {@code includeDeprecated}. PageNumber from 1 (default 1), PageSize 1–100 (default 20).
     */
    public VersionPage listVersions(String name, boolean includeDeprecated, Integer pageNumber, Integer pageSize) {
        int page = SecretRules.checkPageNumber(pageNumber);
        int size = SecretRules.checkPageSize(pageSize, VERSION_PAGE_SIZE);
        Secret secret = existing(name);
        List<VersionInfo> shown = store.versions(secret.name()).stream()
                .filter(v -> includeDeprecated || !v.stages().isEmpty()).toList();
        long offset = (long) (page - 1) * size;
        List<VersionInfo> slice = offset >= shown.size() ? List.of()
                : shown.subList((int) offset, (int) Math.min(shown.size(), offset + size));
        return new VersionPage(secret.name(), page, size, shown.size(), slice);
    }

    /**
     * UpdateSecretVersionStage (Generic only). Adds ({@code moveToVersion}), removes ({@code removeFromVersion})
     * or moves (both) a label. ACSCurrent and ACSPrevious can only be moved, so MoveToVersion is required for
     * them; moving ACSCurrent gives its former holder ACSPrevious. RemoveFromVersion must name the version that
     * holds the label (InvalidParameter otherwise). A label moved without RemoveFromVersion leaves the version
     * that had it (our decision: Alibaba's own rotation example moves ACSCurrent that way). ACSPending is the
     * engine's. A version that does not exist is Forbidden.ResourceNotFound; more than 8 labels on the secret
     * Rejected.LimitExceeded.
     */
    public void updateVersionStage(String name, String versionStage, String removeFromVersion, String moveToVersion) {
        Secret secret = existing(name);
        requireGeneric(secret, "UpdateSecretVersionStage");
        SecretRules.checkVersionStage("VersionStage", versionStage);
        boolean remove = !isEmpty(removeFromVersion);
        boolean move = !isEmpty(moveToVersion);
        if (!remove && !move) {
            throw new RotatorException(ErrorCode.MISSING_PARAMETER,
                    "RemoveFromVersion, MoveToVersion: at least one is required");
        }
        if (!move && Stages.BUILT_IN.contains(versionStage)) {
            throw RotatorException.invalid("MoveToVersion", versionStage
                    + " can only be moved, never removed: MoveToVersion is required");
        }
        List<VersionInfo> versions = store.versions(name);
        Optional<String> holder = versions.stream().filter(v -> v.has(versionStage)).map(VersionInfo::versionId)
                .findFirst();
        if (remove) {
            requireVersion(versions, name, "RemoveFromVersion", removeFromVersion);
            if (!holder.equals(Optional.of(removeFromVersion))) {
                throw RotatorException.invalid("RemoveFromVersion", "version '" + removeFromVersion
                        + "' does not carry stage " + versionStage);
            }
        }
        if (!move) {
            store.removeStage(name, versionStage, removeFromVersion);
            return;
        }
        requireVersion(versions, name, "MoveToVersion", moveToVersion);
        if (holder.equals(Optional.of(moveToVersion))) {
            return;
        }
        StageLimits.checkAfterAdding(versions, Set.of(versionStage));
        store.moveStage(name, versionStage, moveToVersion);
    }

    // ---------------------------------------------------------------- metadata and listing

    /** DescribeSecret: the secret's metadata, also while it waits out its recovery window. */
    public Secret describe(String name) {
        return found(name);
    }

    /** {@link #list(Integer, Integer, String, boolean, Predicate)} for a caller who may see every secret. */
    public SecretPage list(Integer pageNumber, Integer pageSize, String filters, boolean fetchTags) {
        return list(pageNumber, pageSize, filters, fetchTags, null);
    }

    /**
     * ListSecrets, ordered by name, including secrets in their recovery window (they show a PlannedDeleteTime).
     * PageNumber from 1 (default 1), PageSize 1–100 (default 10), Filters as {@link SecretRules#parseFilters}.
     * The filters run in the store.
     *
     * @param visible the secrets the caller may see, or {@code null} for all. A restricted caller's listing
     *                walks every secret that matches the filters (the predicate is not SQL), so it costs
     *                in proportion to those, not to the page.
     */
    public SecretPage list(Integer pageNumber, Integer pageSize, String filters, boolean fetchTags,
                           Predicate<Secret> visible) {
        int page = SecretRules.checkPageNumber(pageNumber);
        int size = SecretRules.checkPageSize(pageSize, LIST_PAGE_SIZE);
        SecretFilter filter = SecretRules.parseFilters(filters);
        long offset = (long) (page - 1) * size;
        long total;
        List<Secret> secrets;
        if (visible == null) {
            total = store.count(filter);
            secrets = offset >= total ? List.of() : store.search(filter, (int) offset, size);
        } else {
            secrets = new ArrayList<>();
            total = 0;
            for (int at = 0; ; at += SCAN_BATCH) {
                List<Secret> batch = store.search(filter, at, SCAN_BATCH);
                for (Secret s : batch) {
                    if (visible.test(s)) {
                        if (total >= offset && secrets.size() < size) {
                            secrets.add(s);
                        }
                        total++;
                    }
                }
                if (batch.size() < SCAN_BATCH) {
                    break;
                }
            }
        }
        List<Secret> shown = fetchTags ? secrets : secrets.stream().map(s -> s.withTags(List.of())).toList();
        return new SecretPage(page, size, total, shown);
    }

    /**
     * UpdateSecret: the description ({@code null} keeps it) and ExtendedConfig.CustomData ({@code null} or
     * blank keeps it; a JSON object of at most 10 pairs replaces it). Only CustomData may change, so a managed
     * type keeps its required keys; the whole ExtendedConfig must stay within 1,024 characters. CustomData is
     * checked but not stored for Generic secrets, which have no ExtendedConfig (as at creation).
     */
    public Secret update(String name, String description, String customData) {
        String newDescription = description == null ? null : SecretRules.checkDescription(description);
        Map<String, Object> newCustomData = isBlank(customData) ? null : SecretRules.parseCustomData(customData);
        Secret secret = existing(name);
        ExtendedConfig config = secret.extendedConfig();
        if (newCustomData != null && secret.type().isManaged()) {
            config = SecretRules.parseExtendedConfig(secret.type(), config.withCustomData(newCustomData).toJson());
        }
        store.updateDetails(name, newDescription == null ? secret.description() : newDescription, config,
                clock.instant());
        return found(name);
    }

    // ---------------------------------------------------------------- rotation now

    /**
     * RotateSecret: rotate-now for managed types (Generic is InvalidParameter). Queues the rotation and returns at
     * once; the new version gets {@code versionId}. The same VersionId again (a version with that id exists, or is
     * the one in flight) is a success that does nothing. Another rotation in progress (an ACSPending version, or a
     * run holding the rotation lock, or another rotate-now queued) is Rejected.SecretRotating; but a rotation whose
     * run gave up (its ACSPending version left, no run holding it, the error kept on the secret) is resumed, and
     * the answer names its version rather than {@code versionId}.
     */
    public RotateResult rotate(String name, String versionId) {
        return rotate(name, versionId, null);
    }

    /**
     * Rotate-now as {@link #rotate(String, String)}, with the operator's OverlapWindow ({@code N[d|h|m|s]}, null for
     * none): RAMCredentials only, 10 minutes to 2 days (InvalidParameter naming OverlapWindow otherwise). It reaches
     * the rotator's steps as {@link RotationOptions#overlapWindow()}; a repeat of the same VersionId changes nothing,
     * the window included. While a promoted rotation waits for its finish (the overlap window), another is
     * Rejected.SecretRotating.
     */
    public RotateResult rotate(String name, String versionId, String overlapWindow) {
        Secret secret = existing(name);
        if (!secret.type().isManaged()) {
            throw RotatorException.invalid("SecretType", "RotateSecret rotates managed secrets; Generic secrets "
                    + "change by PutSecretValue");
        }
        SecretRules.checkVersionId(versionId);
        RotationOptions options = new RotationOptions(SecretRules.checkOverlapWindow(secret.type(), overlapWindow));
        rotatorFor(secret);
        List<VersionInfo> versions = store.versions(name);
        Optional<VersionInfo> pending = versions.stream().filter(v -> v.has(Stages.PENDING)).findFirst();
        boolean running = store.rotationLocked(name, clock.instant());
        if (pending.isPresent() && !running && secret.lastError() != null) {
            // The rotation in flight gave up (its retries were spent): rotate-now resumes it rather than waiting
            // for the next scheduled run. Its pending version id is the rotation's token, and the answer.
            rotationRequests.resume(name, pending.get().versionId(), options);
            return new RotateResult(name, pending.get().versionId());
        }
        if (versions.stream().anyMatch(v -> v.versionId().equals(versionId))) {
            return new RotateResult(name, versionId);
        }
        if (pending.isPresent() || running) {
            throw beingRotated(name);
        }
        Optional<SecretStore.OwedFinish> waiting = store.owedFinish(name).filter(o -> !o.dueBy(clock.instant()));
        if (waiting.isPresent()) {
            // A promoted rotation still in its overlap window: it ends when its finish runs.
            throw new RotatorException(ErrorCode.ROTATION_IN_PROGRESS, "Your secret is being rotated, please try "
                    + "again later (secret '" + name + "': the former credential is kept until "
                    + waiting.get().dueAt().orElseThrow() + ", when the rotation finishes)");
        }
        rotationRequests.rotateNow(name, versionId, options);
        return new RotateResult(name, versionId);
    }

    // ---------------------------------------------------------------- deletion

    /**
     * DeleteSecret. With {@code force} the secret, its versions and policy go at once (its events stay);
     * otherwise it waits {@code recoveryWindowInDays} (7–30, {@code null} for 30): its schedule stops, every
     * operation but DescribeSecret and RestoreSecret answers Rejected.ResourceInDeleteWindow, and
     * {@link #purgeExpired} removes it when the window ends. A secret already in its window is refused the same
     * way (restore it first).
     */
    public DeleteResult delete(String name, boolean force, Integer recoveryWindowInDays) {
        int days = SecretRules.checkRecoveryWindow(recoveryWindowInDays);
        Secret secret = existing(name);
        Instant now = clock.instant();
        Instant planned = force ? now : now.plus(Duration.ofDays(days));
        if (force) {
            store.delete(name);
        } else {
            store.setPlannedDeleteTime(name, planned);
        }
        scheduleChanged.accept(secret.withPlannedDeleteTime(planned));
        return new DeleteResult(name, planned);
    }

    /** RestoreSecret: only inside the recovery window (InvalidParameter otherwise); the schedule resumes. */
    public Secret restore(String name) {
        Secret secret = found(name);
        if (!secret.pendingDeletion()) {
            throw RotatorException.invalid("SecretName", "secret '" + name + "' is not scheduled for deletion");
        }
        store.setPlannedDeleteTime(name, null);
        Secret restored = secret.withPlannedDeleteTime(null);
        scheduleChanged.accept(restored);
        return restored;
    }

    /** Removes every secret whose recovery window ended at or before {@code now}; returns their names. */
    public List<String> purgeExpired(Instant now) {
        List<String> purged = new ArrayList<>();
        while (true) {
            List<String> due = store.dueForPurge(now, PURGE_BATCH);
            int before = purged.size();
            for (String name : due) {
                if (store.purgeIfDue(name, now)) {
                    purged.add(name);
                }
            }
            // A short batch was the last; a batch that purged nothing (restored meanwhile) must not loop forever.
            if (due.size() < PURGE_BATCH || purged.size() == before) {
                return purged;
            }
        }
    }

    // ---------------------------------------------------------------- secret policy

    /** GetSecretPolicy: the stored document, or {@link #EMPTY_POLICY} if none was set. PolicyName only "default". */
    public String getPolicy(String name, String policyName) {
        String policy = SecretRules.checkPolicyName(policyName);
        existing(name);
        return store.policy(name, policy).orElse(EMPTY_POLICY);
    }

    /** SetSecretPolicy: a JSON object of at most 32,768 bytes, then the full check if one is plugged in. */
    public void setPolicy(String name, String policyName, String policy) {
        String checkedName = SecretRules.checkPolicyName(policyName);
        SecretRules.checkSecretPolicy(policy);
        policyCheck.accept(policy);
        existing(name);
        store.setPolicy(name, checkedName, policy, clock.instant());
    }

    // ---------------------------------------------------------------- GetRandomPassword

    /** GetRandomPassword on the credential generator. The password is never logged. */
    public String randomPassword(RandomPasswordRequest request) {
        return passwords.generate(request.policy(), request.requireEachIncludedType());
    }

    // ---------------------------------------------------------------- lookups and errors

    /** The secret, also inside its recovery window; 404 if absent or its window has ended. */
    private Secret found(String name) {
        requireName(name);
        Instant now = clock.instant();
        return store.find(name).filter(s -> !windowEnded(s, now)).orElseThrow(() -> secretNotFound(name));
    }

    /** As {@link #existing}, with the version {@code stage} points at read in the same round trip. */
    private SecretAtStage existingAt(String name, String stage) {
        requireName(name);
        Instant now = clock.instant();
        SecretAtStage read = store.findAt(name, stage).filter(r -> !windowEnded(r.secret(), now))
                .orElseThrow(() -> secretNotFound(name));
        notInDeleteWindow(read.secret());
        return read;
    }

    private static void requireName(String name) {
        if (isEmpty(name)) {
            throw RotatorException.missing("SecretName");
        }
    }

    private static RotatorException secretNotFound(String name) {
        return RotatorException.notFound("SecretName: secret '" + name + "'");
    }

    /** The secret, refused while it waits out its recovery window. */
    private Secret existing(String name) {
        return notInDeleteWindow(found(name));
    }

    private static Secret notInDeleteWindow(Secret secret) {
        if (secret.pendingDeletion()) {
            throw inDeleteWindow(secret.name());
        }
        return secret;
    }

    private static boolean windowEnded(Secret secret, Instant now) {
        return secret.pendingDeletion() && !secret.plannedDeleteTime().isAfter(now);
    }

    private VersionInfo versionInfo(String name, String versionId) {
        return store.versions(name).stream().filter(v -> v.versionId().equals(versionId)).findFirst()
                .orElseThrow(() -> versionNotFound("VersionId", name, versionId));
    }

    private static void requireVersion(List<VersionInfo> versions, String name, String field, String versionId) {
        SecretRules.checkVersionId(field, versionId);
        if (versions.stream().noneMatch(v -> v.versionId().equals(versionId))) {
            throw versionNotFound(field, name, versionId);
        }
    }

    private static void requireGeneric(Secret secret, String action) {
        if (secret.type().isManaged()) {
            throw RotatorException.invalid("SecretType", action + " works on Generic secrets only; " + secret.type()
                    + " secrets change by rotation");
        }
    }

    /**
     * Refuses a new secret whose credential ({@link Rotator#identity}) an existing secret of its type already rotates,
     * read from that secret's ACSCurrent value. A secret whose value the rotator cannot read is not a match.
     */
    private void refuseSecondSecretFor(Rotator rotator, Secret secret, SecretValue value) {
        Optional<Rotator.CredentialIdentity> wanted = rotator.identity(secret, value);
        if (wanted.isEmpty()) {
            return;
        }
        SecretFilter sameType = new SecretFilter(Map.of(SecretFilter.Key.SECRET_TYPE, List.of(secret.type().wireName())));
        for (int at = 0; ; at += SCAN_BATCH) {
            List<Secret> batch = store.search(sameType, at, SCAN_BATCH);
            for (Secret other : batch) {
                if (other.name().equals(secret.name())) {
                    continue; // its recovery window has ended: it is purged before this one is stored
                }
                Optional<Rotator.CredentialIdentity> its;
                try {
                    its = store.versionAt(other.name(), Stages.CURRENT)
                            .flatMap(current -> rotator.identity(other, current.value()));
                } catch (RuntimeException unreadable) {
                    continue;
                }
                if (its.map(Rotator.CredentialIdentity::key).equals(Optional.of(wanted.get().key()))) {
                    throw new RotatorException(ErrorCode.RESOURCE_EXIST, wanted.get().field() + ": secret '"
                            + other.name() + "' already rotates " + wanted.get().key() + (other.pendingDeletion()
                            ? " (it is scheduled for deletion: delete it with ForceDeleteWithoutRecovery first)" : "")
                            + "; two secrets of one credential would rotate each other's value away");
                }
            }
            if (batch.size() < SCAN_BATCH) {
                return;
            }
        }
    }

    /** The target a new managed secret names is declared, and of its type's kind; rotators may rely on it. */
    private static void checkTarget(Secret secret, Function<String, Optional<Target>> declared) {
        TargetKind kind = TargetKind.forType(secret.type()).orElseThrow(() -> new IllegalStateException(
                "no target kind for " + secret.type()));
        String id = kind.targetId(secret.extendedConfig());
        Optional<Target> target = declared.apply(id);
        if (target.isEmpty()) {
            throw RotatorException.invalid("ExtendedConfig." + kind.field(), "target '" + id
                    + "' is not declared in the worker's configuration (targets)");
        }
        if (!kind.id().equals(target.get().kind())) {
            throw RotatorException.invalid("ExtendedConfig." + kind.field(), "target '" + id + "' is of kind "
                    + target.get().kind() + "; a " + secret.type() + " secret needs a target of kind " + kind.id());
        }
    }

    private Rotator rotatorFor(Secret secret) {
        return rotators.forType(secret.type()).orElseThrow(() -> RotatorException.invalid("SecretType",
                "no rotator for " + secret.type() + " is installed in this worker"));
    }

    private static RotatorException inDeleteWindow(String name) {
        return new RotatorException(ErrorCode.IN_DELETE_WINDOW, "SecretName: secret '" + name
                + "' is scheduled for deletion; restore it first");
    }

    private static RotatorException beingRotated(String name) {
        return new RotatorException(ErrorCode.ROTATION_IN_PROGRESS,
                "Your secret is being rotated, please try again later (secret '" + name + "')");
    }

    private static RotatorException stageNotFound(String name, String stage) {
        return new RotatorException(ErrorCode.RESOURCE_NOT_FOUND, "VersionStage: no version of secret '" + name
                + "' carries stage " + stage);
    }

    private static RotatorException versionNotFound(String field, String name, String versionId) {
        return RotatorException.notFound(field + ": version '" + versionId + "' of secret '" + name + "'");
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
