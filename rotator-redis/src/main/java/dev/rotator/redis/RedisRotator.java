package dev.rotator.redis;

import dev.rotator.core.AccountCredential;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.Target;

import java.util.ArrayList;
import java.util.List;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Rotates the ACL users of a Redis secret (docs/rotators/redis.md): always a pair, {@code name} and
 * {@code name_clone}, with the same rules, made by CreateSecret and never imported. Each rotation gives the account
 * not in ACSCurrent a new password on every node of the target (ACLs do not replicate), re-applies the rules to
 * both, persists the ACL as the target says, and proves the new password with a fresh login on every node.
 *
 * <p>{@link #validate} reads only the secret and the configuration (no connection), so a bulk creation can check
 * every secret before {@link #provision} makes any account.
 */
public final class RedisRotator implements Rotator {
    private static final String AUTO = "$Auto";

    private final RotatorContext context;
    private final RedisConnector connector;
    private final LoginProbe probe;

    public RedisRotator(RotatorContext context) {
        this.context = context;
        this.connector = new RedisConnector();
        this.probe = new LoginProbe(connector);
    }

    @Override
    public void validate(Secret secret, SecretValue initialValue) {
        RedisConfig config = RedisConfig.of(secret.extendedConfig());
        if (!AUTO.equals(initialValue.text().trim())) {
            throw invalid("SecretData", "must be $Auto for Redis secrets (the rotator creates the accounts)");
        }
        Target target = context.target(config.instanceId()).orElseThrow(() -> invalid("ExtendedConfig.InstanceId",
                "names no redis target declared in the worker's configuration"));
        RedisTarget.of(target);
    }

    /**
     * Makes both accounts on every node, each with its own fresh password, and returns the primary's as the first
     * value. Either name existing on any node refuses the secret before anything is made; a failure while making
     * them removes what was made.
     */
    @Override
    public SecretValue provision(Secret secret, SecretValue initialValue) {
        RedisConfig config = RedisConfig.of(secret.extendedConfig());
        RedisTarget target = target(config);
        AccountCredential primary = new AccountCredential(config.accountName(), newPassword());
        AccountCredential clone = new AccountCredential(config.cloneName(), newPassword());
        try (AclAdmin acl = admin(target)) {
            refuseTaken(acl, target, config);
            try {
                acl.setUser(primary.name(), rules(config, primary, true));
                acl.setUser(clone.name(), rules(config, clone, true));
                acl.persist();
                probe.verify(target, primary, config.permission());
            } catch (RuntimeException e) {
                undo(acl, List.of(primary.name(), clone.name()), e); // nothing half made for a retry to trip on
                throw e;
            }
        }
        return primary.value();
    }

    /**
     * Create Bulk Secrets: refuses, before any secret of the batch is made, a pair that an earlier secret of the
     * batch asks for on the same target (Invalid), or whose user or clone exists on any node (ResourceExist, as
     * provision would). Only reads the ACLs.
     */
    @Override
    public void preflight(Secret secret, List<Secret> earlier) {
        RedisConfig config = RedisConfig.of(secret.extendedConfig());
        for (Secret other : earlier) {
            RedisConfig o = RedisConfig.of(other.extendedConfig());
            if (o.instanceId().equals(config.instanceId()) && o.accountName().equals(config.accountName())) {
                throw invalid("ExtendedConfig.AccountName", "'" + config.accountName() + "' is asked for by secret '"
                        + other.name() + "' of the same batch on redis target '" + config.instanceId() + "' too");
            }
        }
        RedisTarget target = target(config);
        try (AclAdmin acl = admin(target)) {
            refuseTaken(acl, target, config);
        }
    }

    /**
     * Undoes provision for a creation that failed later: deletes both users on every node it can reach and persists
     * that; the first failure is thrown, the others attached to it.
     */
    @Override
    public void deprovision(Secret secret, SecretValue initialValue, SecretValue provisioned) {
        RedisConfig config = RedisConfig.of(secret.extendedConfig());
        RedisTarget target = target(config);
        try (AclAdmin acl = admin(target)) {
            RotatorException failure = new RotatorException(ErrorCode.ROTATION_FAILED, "removing ACL users '"
                    + config.accountName() + "' and '" + config.cloneName() + "' from redis target '" + target.id()
                    + "' failed");
            undo(acl, List.of(config.accountName(), config.cloneName()), failure);
            if (failure.getSuppressed().length > 0) {
                throw failure;
            }
        }
    }

    /** Either name of the pair on any node of the target refuses the secret: only new accounts are managed. */
    private static void refuseTaken(AclAdmin acl, RedisTarget target, RedisConfig config) {
        for (String name : List.of(config.accountName(), config.cloneName())) {
            List<String> where = acl.nodesWith(name);
            if (!where.isEmpty()) {
                throw new RotatorException(ErrorCode.RESOURCE_EXIST, "ExtendedConfig.AccountName: ACL user '"
                        + name + "' already exists on " + String.join(", ", where) + " of redis target '"
                        + target.id() + "'; Redis secrets manage only the accounts they create");
            }
        }
    }

    /** Deletes the users everywhere it can and persists that; what fails on the way is added to {@code failure}. */
    private static void undo(AclAdmin acl, List<String> users, RuntimeException failure) {
        List<Runnable> steps = new ArrayList<>();
        users.forEach(user -> steps.add(() -> acl.deleteUser(user)));
        steps.add(acl::persist);
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        RedisConfig config = RedisConfig.of(request.secret().extendedConfig());
        AccountCredential current = AccountCredential.parse(request.current(), "ACSCurrent");
        return new CreateResponse(new AccountCredential(config.otherOf(current.name()), newPassword()).value());
    }

    /**
     * On every node: the pending account gets its new password alone (resetpass) and the rules; the current one
     * gets the same rules and keeps its password (added where a node lacks it, so ACSCurrent works everywhere).
     * Then the ACL is persisted. Re-running it changes nothing more.
     */
    @Override
    public SetResponse set(SetRequest request) {
        RedisConfig config = RedisConfig.of(request.secret().extendedConfig());
        AccountCredential pending = AccountCredential.parse(request.pending(), "ACSPending");
        AccountCredential current = AccountCredential.parse(request.current(), "ACSCurrent");
        // Checked again before any connection: a value that did not come through create must not reach ACL SETUSER.
        if (!config.otherOf(current.name()).equals(pending.name())) {
            throw invalid("ACSPending.AccountName", "must be the account of the pair that is not in ACSCurrent");
        }
        AclInput.checkPassword("ACSPending.AccountPassword", pending.password());
        AclInput.checkPassword("ACSCurrent.AccountPassword", current.password());
        try (AclAdmin acl = admin(target(config))) {
            acl.setUser(pending.name(), rules(config, pending, true));
            acl.setUser(current.name(), rules(config, current, false));
            acl.persist();
        }
        return SetResponse.applied();
    }

    /** Nothing to clean up after a promote: the former user keeps its password until the next rotation. */
    @Override
    public boolean finishes(Secret secret) {
        return false;
    }

    @Override
    public void test(TestRequest request) {
        RedisConfig config = RedisConfig.of(request.secret().extendedConfig());
        AccountCredential account = AccountCredential.parse(request.pending(), "value");
        config.otherOf(account.name()); // one of the pair, or refused
        probe.verify(target(config), account, config.permission());
    }

    /** The pair's rules, then the account's password: alone ({@code resetpass} first) or added to what it has. */
    private static List<String> rules(RedisConfig config, AccountCredential account, boolean onlyPassword) {
        List<String> rules = new ArrayList<>(config.permission().rules());
        if (onlyPassword) {
            rules.add("resetpass");
        }
        rules.add(">" + account.password());
        return rules;
    }

    private String newPassword() {
        String password = context.generator().generate(AclInput.PASSWORDS);
        AclInput.checkPassword("generated password", password);
        return password;
    }

    private RedisTarget target(RedisConfig config) {
        return RedisTarget.of(context.target(config.instanceId()).orElseThrow(() -> new RotatorException(
                ErrorCode.ROTATION_FAILED, "redis target '" + config.instanceId()
                + "' is not declared in the worker's configuration")));
    }

    /** Logs in to every node as the target's admin user, read from the secret its adminSecret setting names. */
    private AclAdmin admin(RedisTarget target) {
        SecretValue value = context.currentValueOf(target.adminSecret()).orElseThrow(() -> new RotatorException(
                ErrorCode.ROTATION_FAILED, "the admin secret '" + target.adminSecret() + "' of redis target '"
                + target.id() + "' does not exist or has no ACSCurrent version"));
        AccountCredential admin = AccountCredential.parse(value, "secret '" + target.adminSecret() + "'");
        return AclAdmin.open(connector, target, admin);
    }
}
