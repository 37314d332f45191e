package dev.rotator.ram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.Target;
import dev.rotator.core.spi.TargetKind;
import dev.rotator.ram.RamApi.Key;
import dev.rotator.ram.RamApi.RamRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.rotator.core.RotatorException.invalid;

/**
 * RAMCredentials secrets: a RAM user's AccessKey, rotated through the RAM API (DESIGN.md, decisions on RAM).
 * <ul>
 *   <li>CreateSecret ({@link #provision}) takes every AccessKey the user holds and stores the newest Active one as
 *   ACSCurrent, {@code {"AccessKeyId","AccessKeySecret","GenerateTimestamp"}}.</li>
 *   <li>create saves a placeholder; set makes room (a user holds at most two keys, and only a key no stage of the
 *   secret points at may go), deletes an orphan an earlier attempt minted and never stored, then CreateAccessKey,
 *   whose key the engine stores into the placeholder; test lists the user's keys signed by the new key alone.</li>
 *   <li>After promote the old key keeps working through the overlap window ({@link #finishDelay}: the operator's
 *   OverlapWindow, 48 hours by default); finish then deactivates and deletes exactly that key.</li>
 * </ul>
 * Every change is made with the target's management AccessKey: the ACSCurrent value of the secret its
 * {@code adminSecret} setting names, {@code {"AccessKeyId","AccessKeySecret"}} (a Generic secret, or the
 * RAMCredentials secret of the managing user itself).
 */
public final class RamRotator implements Rotator {
    private static final Logger LOG = LoggerFactory.getLogger(RamRotator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A RAM user holds at most this many AccessKeys (kms-secrets.md §3.5). */
    static final int KEYS_PER_USER = 2;

    private final RotatorContext context;
    private final Clock clock;

    public RamRotator(RotatorContext context) {
        this(context, Clock.systemUTC());
    }

    RamRotator(RotatorContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    @Override
    public void validate(Secret secret, SecretValue initialValue) {
        Target target = target(secret);
        RamEndpoint.parse(target.id(), target.setting("endpoint").orElse(null));
        adminSecretName(target);
    }

    /**
     * Checks SecretData against the user's keys on RAM: each listed AccessKeyId must be the user's, and every key
     * the user holds must be listed. The newest Active one becomes ACSCurrent; a listed key left out is no stage's,
     * so the first rotation may delete it to make room. AccessKeySecrets are kept as given: a wrong one is simply
     * replaced by the first rotation.
     */
    @Override
    public SecretValue provision(Secret secret, SecretValue initialValue) {
        String user = userName(secret);
        List<AccessKey> listed = listed(initialValue);
        List<Key> held = admin(secret).list(user);
        Set<String> heldIds = held.stream().map(Key::id).collect(Collectors.toSet());
        for (int i = 0; i < listed.size(); i++) {
            if (!heldIds.contains(listed.get(i).id())) {
                throw invalid("SecretData.AccessKeys[" + i + "].AccessKeyId", "is not an AccessKey of RAM user '"
                        + user + "' (" + listed.get(i).id() + ")");
            }
        }
        Set<String> listedIds = listed.stream().map(AccessKey::id).collect(Collectors.toSet());
        for (Key k : held) {
            if (!listedIds.contains(k.id())) {
                throw invalid("SecretData.AccessKeys", "must list every AccessKey of RAM user '" + user
                        + "'; it also holds " + k.id());
            }
        }
        Key chosen = held.stream().filter(Key::active).max(Comparator.comparing(Key::created))
                .orElseThrow(() -> invalid("SecretData.AccessKeys", "RAM user '" + user + "' has no Active AccessKey"));
        AccessKey given = listed.stream().filter(k -> k.id().equals(chosen.id())).findFirst().orElseThrow();
        return new AccessKey(given.id(), given.secret(), chosen.created()).toValue();
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        userName(request.secret());
        return new CreateResponse(AccessKey.placeholder(clock.instant()).toValue());
    }

    @Override
    public SetResponse set(SetRequest request) {
        Secret secret = request.secret();
        String user = userName(secret);
        AccessKey pending = AccessKey.of(request.pending(), "the pending value");
        RamApi admin = admin(secret);
        List<Key> keys = admin.list(user);
        if (!pending.isPlaceholder()) {
            // An earlier attempt minted this key and the engine stored it: nothing more to make.
            if (keys.stream().anyMatch(k -> k.id().equals(pending.id()))) {
                return SetResponse.applied();
            }
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "the pending AccessKey " + pending.id()
                    + " of RAM user '" + user + "' no longer exists on RAM (deleted outside the rotation)");
        }
        Set<String> staged = staged(request);
        // The management key may be one of the user's own (a user managing her keys): never delete it.
        staged.add(admin.signerKeyId());
        List<Key> kept = new ArrayList<>();
        for (Key k : keys) {
            if (!staged.contains(k.id()) && pending.generated() != null && !k.created().isBefore(pending.generated())) {
                // Minted by an earlier attempt of this rotation that crashed before its value was stored.
                admin.delete(user, k.id());
                LOG.warn("RAM user '{}': deleted AccessKey {}, minted by an interrupted attempt of this rotation of "
                        + "secret '{}' and never stored", user, k.id(), secret.name());
            } else {
                kept.add(k);
            }
        }
        makeRoom(admin, secret, user, kept, staged);
        AccessKey minted = admin.create(user);
        LOG.info("RAM user '{}': created AccessKey {} for secret '{}'", user, minted.id(), secret.name());
        return SetResponse.minted(minted.toValue());
    }

    /**
     * A user holds at most two keys: one no stage points at (and that does not sign the management calls) goes, or
     * the rotation fails with nothing deleted.
     */
    private static void makeRoom(RamApi admin, Secret secret, String user, List<Key> keys, Set<String> staged) {
        if (keys.size() < KEYS_PER_USER) {
            return;
        }
        List<Key> unused = keys.stream().filter(k -> !staged.contains(k.id())).toList();
        if (keys.size() - unused.size() >= KEYS_PER_USER) {
            throw new RotatorException(ErrorCode.LIMIT_EXCEEDED, "RAM user '" + user + "' holds "
                    + KEYS_PER_USER + " AccessKeys (" + keys.stream().map(Key::id).collect(Collectors.joining(", "))
                    + ") and stages of secret '" + secret.name() + "' (or the management AccessKey) point at both; only "
                    + "a key no stage points at may be deleted, so nothing was deleted and no key was created");
        }
        for (int i = 0; i <= keys.size() - KEYS_PER_USER; i++) {
            Key k = unused.get(i);
            admin.delete(user, k.id());
            LOG.info("RAM user '{}': deleted AccessKey {}, which no stage of secret '{}' points at, to make room",
                    user, k.id(), secret.name());
        }
    }

    /** The AccessKeyIds the secret's stages point at (ACSCurrent and ACSPrevious; the pending one once minted). */
    private static Set<String> staged(SetRequest request) {
        Set<String> ids = new HashSet<>();
        List<SecretValue> values = new ArrayList<>(List.of(request.current(), request.pending()));
        request.previous().ifPresent(values::add);
        for (SecretValue v : values) {
            try {
                AccessKey k = AccessKey.of(v, "a staged value");
                if (!k.isPlaceholder()) {
                    ids.add(k.id());
                }
            } catch (RotatorException unreadable) {
                // A value that names no key protects none.
            }
        }
        return ids;
    }

    /**
     * Lists the user's keys signed by the pending key alone. RAM answering NoPermission proves the key authenticates
     * (the signature was checked first); a user's own policies are not this secret's business.
     */
    @Override
    public void test(TestRequest request) {
        Secret secret = request.secret();
        String user = userName(secret);
        AccessKey key = AccessKey.of(request.pending(), "the pending value");
        if (key.isPlaceholder()) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "secret '" + secret.name()
                    + "' has no AccessKey to test yet (the set step has not minted it)");
        }
        Target target = target(secret);
        RamApi self = new RamApi(RamEndpoint.parse(target.id(), target.setting("endpoint").orElse(null)), key,
                "AccessKey " + key.id() + " itself");
        try {
            self.list(user);
        } catch (RamRefusal refused) {
            if (!RamApi.NO_PERMISSION.equals(refused.ramCode())) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, "AccessKey " + key.id() + " of RAM user '" + user
                        + "' does not authenticate: " + refused.getMessage());
            }
        }
    }

    @Override
    public Duration finishDelay(Secret secret, RotationOptions options) {
        return options.overlapWindow().orElse(RotationOptions.DEFAULT_OVERLAP_WINDOW);
    }

    /** Deactivates, then deletes, the key the rotation replaced; a key already gone is fine. */
    @Override
    public void finish(FinishRequest request) {
        Optional<AccessKey> old = request.previous().map(v -> AccessKey.of(v, "the former ACSCurrent value"));
        AccessKey now = AccessKey.of(request.current(), "the ACSCurrent value");
        if (old.isEmpty() || old.get().isPlaceholder() || old.get().id().equals(now.id())) {
            return;
        }
        String user = userName(request.secret());
        RamApi admin = admin(request.secret());
        Optional<Key> held = admin.list(user).stream().filter(k -> k.id().equals(old.get().id())).findFirst();
        if (held.isEmpty()) {
            return;
        }
        if (held.get().active()) {
            admin.deactivate(user, held.get().id());
        }
        admin.delete(user, held.get().id());
        LOG.info("RAM user '{}': deleted AccessKey {}, replaced by {} in secret '{}'", user, held.get().id(), now.id(),
                request.secret().name());
    }

    private static String userName(Secret secret) {
        return TargetKind.RAM.targetId(secret.extendedConfig());
    }

    private Target target(Secret secret) {
        String user = userName(secret);
        return context.target(user).filter(t -> TargetKind.RAM.id().equals(t.kind())).orElseThrow(() -> invalid(
                "ExtendedConfig.UserName", "names no ram target declared in the worker's configuration ('" + user
                        + "')"));
    }

    private static String adminSecretName(Target target) {
        return target.setting("adminSecret").orElseThrow(() -> invalid("targets." + target.id() + ".adminSecret",
                "is required (the secret holding the management AccessKey)"));
    }

    /** The RAM API signed by the target's management AccessKey. */
    private RamApi admin(Secret secret) {
        Target target = target(secret);
        String name = adminSecretName(target);
        SecretValue value = context.currentValueOf(name).orElseThrow(() -> new RotatorException(
                ErrorCode.INVALID_PARAMETER, "targets." + target.id() + ".adminSecret: secret '" + name
                + "' (the management AccessKey) does not exist or has no ACSCurrent version"));
        AccessKey credential = AccessKey.of(value, "secret '" + name + "' (the management AccessKey of target '"
                + target.id() + "')");
        return new RamApi(RamEndpoint.parse(target.id(), target.setting("endpoint").orElse(null)), credential,
                "the management AccessKey " + credential.id() + " of target '" + target.id() + "'");
    }

    /** SecretData at creation, {"AccessKeys":[{"AccessKeyId","AccessKeySecret"}]}, already shaped by SecretRules. */
    private static List<AccessKey> listed(SecretValue data) {
        try {
            JsonNode keys = JSON.readTree(data.text()).path("AccessKeys");
            List<AccessKey> out = new ArrayList<>();
            for (JsonNode k : keys) {
                out.add(new AccessKey(k.path("AccessKeyId").asText(), k.path("AccessKeySecret").asText(), null));
            }
            if (out.isEmpty()) {
                throw invalid("SecretData.AccessKeys", "must list the RAM user's AccessKeys");
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("SecretData", "must be a JSON object {\"AccessKeys\":[{\"AccessKeyId\",\"AccessKeySecret\"}]}");
        }
    }
}
