package dev.rotator.rds;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.credential.CredentialPolicy;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.Target;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.AccountAdmins;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.LoginProbe;
import dev.rotator.rds.sql.Sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Rotates MySQL and PostgreSQL accounts of an Rds secret (docs/rotators/rds.md).
 *
 * <ul>
 *   <li>DoubleUsers: the pair {@code name}/{@code name_clone}. Each rotation gives the account not in ACSCurrent a
 *   fresh password; set re-syncs the clone's privileges from the primary every time. Create mode ($Auto) makes
 *   both accounts on the first rotation; import mode makes the clone on the first rotation.</li>
 *   <li>SingleUser: one account, whose password each rotation resets (created on the first rotation in create
 *   mode, as a standard or a privileged account).</li>
 * </ul>
 * Every change goes through the target's privileged account, whose credential is the ACSCurrent value of the secret
 * the target's {@code adminSecret} setting names; so an imported password that does not work is simply replaced.
 *
 * <p>PolarDB shares this rotator: it reads its own ExtendedConfig into an {@link RdsConfig} (dual, create mode)
 * after its narrower rules, so the account work and the rotation steps exist once.
 */
public final class RdsRotator implements Rotator {
    /** 32 characters of all four classes, none that needs quoting in SQL or escaping in a JDBC URL. */
    static final CredentialPolicy PASSWORDS = CredentialPolicy.DEFAULT;

    private final RotatorContext context;
    private final Function<ExtendedConfig, RdsConfig> configs;

    public RdsRotator(RotatorContext context) {
        this(context, RdsConfig::of);
    }

    /** @param configs reads a secret's ExtendedConfig, refusing what its product does not allow (errors name the key) */
    public RdsRotator(RotatorContext context, Function<ExtendedConfig, RdsConfig> configs) {
        this.context = context;
        this.configs = configs;
    }

    @Override
    public void validate(Secret secret, SecretValue initialValue) {
        RdsConfig config = configs.apply(secret.extendedConfig());
        Target target = context.target(config.instanceId()).orElseThrow(() -> invalid("ExtendedConfig."
                + config.flavour().targetKey(), "names no database target declared in the worker's configuration"));
        DbEngine engine = DbEndpoint.of(target).engine();
        if (target.setting("adminSecret").isEmpty()) {
            throw invalid("targets." + target.id() + ".adminSecret", "is required (the secret holding the privileged account)");
        }
        List<Account> accounts = Account.in(initialValue, "SecretData");
        if (accounts.isEmpty()) {
            config.checkCreateMode(engine);
            return;
        }
        if (!config.dual() && accounts.size() > 1) {
            throw invalid("SecretData.Accounts", "SingleUser secrets take exactly 1 account");
        }
        for (int i = 0; i < accounts.size(); i++) {
            engine.checkAccountName("SecretData.Accounts[" + i + "].AccountName", accounts.get(i).name());
            if (accounts.get(i).password().indexOf('\0') >= 0) {
                throw invalid("SecretData.Accounts[" + i + "].AccountPassword", "must not contain a NUL character");
            }
        }
        config.checkDatabases(engine);
    }

    /**
     * Create modes ($Auto) make the account now (and its clone, for DoubleUsers), so the secret serves a working
     * login from the start; an account or clone that already exists is refused and nothing is made. Import modes
     * store the first account as given: a password that does not work is repaired by the first rotation.
     */
    @Override
    public SecretValue provision(Secret secret, SecretValue initialValue) {
        List<Account> accounts = Account.in(initialValue, "SecretData");
        if (!accounts.isEmpty()) {
            return accounts.get(0).value();
        }
        RdsConfig config = configs.apply(secret.extendedConfig());
        Account account = new Account(config.accountName().orElseThrow(() -> invalid("ExtendedConfig.AccountName",
                "is required when SecretData is $Auto")), context.generator().generate(PASSWORDS));
        List<String> names = config.dual() ? List.of(account.name(), DbEngine.cloneOf(account.name()))
                : List.of(account.name());
        try (AccountAdmin admin = admin(target(config))) {
            for (String name : names) {
                if (admin.exists(name)) {
                    throw new RotatorException(ErrorCode.RESOURCE_EXIST, "ExtendedConfig.AccountName: account '" + name
                            + "' already exists on target '" + config.instanceId() + "'; "
                            + config.flavour().takenNameHint());
                }
            }
            create(admin, config, account);
            try {
                if (config.dual()) {
                    admin.syncClone(account.name(), names.get(1), context.generator().generate(PASSWORDS));
                }
            } catch (RuntimeException e) {
                dropQuietly(admin, names, e); // CreateSecret fails whole: no account left for a retry to trip on
                throw e;
            }
        }
        return account.value();
    }

    /**
     * Undoes a create-account mode's provision (SecretData {@code $Auto}): drops the account and its clone. An import
     * mode made nothing, and its accounts existed before: they are left alone.
     */
    @Override
    public void deprovision(Secret secret, SecretValue initialValue, SecretValue provisioned) {
        if (!Account.in(initialValue, "SecretData").isEmpty()) {
            return;
        }
        RdsConfig config = configs.apply(secret.extendedConfig());
        String name = Account.in(provisioned, "ACSCurrent").get(0).name();
        List<String> names = config.dual() ? List.of(name, DbEngine.cloneOf(name)) : List.of(name);
        RotatorException failure = new RotatorException(ErrorCode.ROTATION_FAILED, "dropping the accounts '"
                + String.join("', '", names) + "' made for secret '" + secret.name() + "' on target '"
                + config.instanceId() + "' failed");
        try (AccountAdmin admin = admin(target(config))) {
            dropQuietly(admin, names, failure);
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void dropQuietly(AccountAdmin admin, List<String> names, RuntimeException failure) {
        for (String name : names) {
            try {
                if (admin.exists(name)) {
                    admin.drop(name);
                }
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        RdsConfig config = configs.apply(request.secret().extendedConfig());
        List<Account> accounts = Account.in(request.current(), "ACSCurrent");
        String next;
        if (accounts.isEmpty()) {
            next = config.accountName().orElseThrow(() -> invalid("ExtendedConfig.AccountName",
                    "is required when SecretData is $Auto"));
        } else if (config.dual()) {
            next = otherOf(accounts.get(0).name());
        } else {
            next = accounts.get(0).name();
        }
        String password = context.generator().generate(PASSWORDS);
        return new CreateResponse(new Account(next, password).value());
    }

    private static String otherOf(String account) {
        String primary = DbEngine.primaryOf(account);
        return account.equals(primary) ? DbEngine.cloneOf(primary) : primary;
    }

    @Override
    public SetResponse set(SetRequest request) {
        RdsConfig config = configs.apply(request.secret().extendedConfig());
        Account pending = Account.in(request.pending(), "ACSPending").get(0);
        Target target = target(config);
        DbEndpoint endpoint = DbEndpoint.of(target);
        DbEngine engine = endpoint.engine();
        // Checked again here, before any login: a value that did not come through validate must not reach SQL.
        engine.checkAccountName("ACSPending.AccountName", pending.name());
        config.checkDatabases(engine);
        try (AccountAdmin admin = adminForSet(request.secret(), target, endpoint, pending)) {
            if (config.dual()) {
                setDual(admin, config, pending, Account.in(request.current(), "ACSCurrent"));
            } else if (admin.exists(pending.name())) {
                admin.setPassword(pending.name(), pending.password());
            } else {
                create(admin, config, pending);
            }
        }
        return SetResponse.applied();
    }

    /**
     * The primary first (created or given its password), then the clone synced from it, then the clone's
     * password: whichever of the two is pending, the other one (in use by applications) is never touched but for
     * the grant sync, which adds before it removes.
     */
    private void setDual(AccountAdmin admin, RdsConfig config, Account pending, List<Account> current) {
        String primary = DbEngine.primaryOf(pending.name());
        String clone = DbEngine.cloneOf(primary);
        boolean pendingIsPrimary = pending.name().equals(primary);
        if (!admin.exists(primary)) {
            if (!pendingIsPrimary) {
                throw RotatorException.notFound("account '" + primary + "' (the primary of the pair) on the target");
            }
            create(admin, config, pending);
        } else if (pendingIsPrimary) {
            admin.setPassword(primary, pending.password());
        }
        String clonePassword = pendingIsPrimary ? passwordOf(clone, current)
                .orElseGet(() -> context.generator().generate(PASSWORDS)) : pending.password();
        admin.syncClone(primary, clone, clonePassword);
        if (!pendingIsPrimary) {
            admin.setPassword(clone, pending.password());
        }
    }

    private static Optional<String> passwordOf(String name, List<Account> accounts) {
        for (Account a : accounts) {
            if (a.name().equals(name)) {
                return Optional.of(a.password());
            }
        }
        return Optional.empty();
    }

    private static void create(AccountAdmin admin, RdsConfig config, Account account) {
        if (!config.canCreate()) {
            throw RotatorException.notFound("account '" + account.name() + "' on the target (an imported account must "
                    + "exist; to have it created give ExtendedConfig.AccountPrivilege and "
                    + config.flavour().databasesKey() + ")");
        }
        if (config.privileged()) {
            admin.createPrivilegedAccount(account.name(), account.password());
        } else if (config.bare()) {
            admin.createAccount(account.name(), account.password());
        } else {
            admin.createAccount(account.name(), account.password(), config.databases(), config.permission().orElseThrow());
        }
    }

    /** Nothing to clean up after a promote: the former account or password is left as it is. */
    @Override
    public boolean finishes(Secret secret) {
        return false;
    }

    @Override
    public void test(TestRequest request) {
        RdsConfig config = configs.apply(request.secret().extendedConfig());
        List<Account> accounts = Account.in(request.pending(), "value");
        if (accounts.isEmpty()) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "the secret holds no account yet: its first rotation "
                    + "creates " + config.accountName().map(n -> "'" + n + "'").orElse("it"));
        }
        Account account = accounts.get(0);
        Target target = target(config);
        DbEndpoint endpoint = DbEndpoint.of(target);
        boolean created = config.canCreate() && !config.privileged();
        Optional<String> actsAs = config.dual() && endpoint.engine() == DbEngine.POSTGRESQL
                ? Optional.of(DbEngine.primaryOf(account.name())) : Optional.empty();
        LoginProbe.Expectation expected = new LoginProbe.Expectation(created ? config.permission() : Optional.empty(),
                created ? config.databases() : List.of(), actsAs);
        try {
            LoginProbe.of(endpoint.engine()).verify(db -> endpoint.connect(db, account.name(), account.password()),
                    account.name(), expected);
        } catch (RotatorException e) {
            throw explainRefusal(target, endpoint, account.name(), e);
        }
    }

    /** A refused MySQL login is explained by the anonymous accounts that shadow the managed one, when there are. */
    private RotatorException explainRefusal(Target target, DbEndpoint endpoint, String account, RotatorException e) {
        if (endpoint.engine() != DbEngine.MYSQL || !(e.getCause() instanceof SQLException sql)
                || sql.getErrorCode() != 1045) {
            return e;
        }
        List<String> anonymous;
        try (AccountAdmin admin = admin(target, endpoint)) {
            anonymous = admin.shadowing(account);
        } catch (RuntimeException adminFailure) {
            e.addSuppressed(adminFailure);
            return e;
        }
        if (anonymous.isEmpty()) {
            return e;
        }
        return new RotatorException(ErrorCode.ROTATION_FAILED, e.getMessage() + "; the server has anonymous accounts "
                + String.join(", ", anonymous) + ", which take logins meant for '" + account + "' from the hosts they "
                + "match: drop them (DROP USER ''@'<host>')", e);
    }

    private Target target(RdsConfig config) {
        return context.target(config.instanceId()).orElseThrow(() -> new RotatorException(ErrorCode.ROTATION_FAILED,
                "database target '" + config.instanceId() + "' is not declared in the worker's configuration"));
    }

    /**
     * The privileged account for set. When the secret being rotated is that account's own (the target's adminSecret
     * names it), an earlier set may have changed its password already, and the rotation then failed or stopped before
     * promote: ACSCurrent no longer logs in, the pending password does, and the set re-run goes through it (without
     * this, the target could never be managed again until an operator repaired the secret by hand).
     */
    private AccountAdmin adminForSet(Secret secret, Target target, DbEndpoint endpoint, Account pending) {
        try {
            return admin(target, endpoint);
        } catch (RotatorException refused) {
            if (!target.setting("adminSecret").map(secret.name()::equals).orElse(false)) {
                throw refused;
            }
            try {
                return AccountAdmins.open(endpoint, pending.name(), pending.password());
            } catch (RotatorException alsoRefused) {
                refused.addSuppressed(alsoRefused);
                throw refused;
            }
        }
    }

    /** Logs in as the target's privileged account, read from the secret its adminSecret setting names. */
    private AccountAdmin admin(Target target) {
        Account admin = privilegedAccount(target);
        return AccountAdmins.open(DbEndpoint.of(target), admin.name(), admin.password());
    }

    /** The same, on the target's endpoint already read by the caller. */
    private AccountAdmin admin(Target target, DbEndpoint endpoint) {
        Account admin = privilegedAccount(target);
        return AccountAdmins.open(endpoint, admin.name(), admin.password());
    }

    private Account privilegedAccount(Target target) {
        String secretName = target.setting("adminSecret").orElseThrow(() -> new RotatorException(
                ErrorCode.ROTATION_FAILED, "target '" + target.id() + "' names no adminSecret"));
        SecretValue value = context.currentValueOf(secretName).orElseThrow(() -> new RotatorException(
                ErrorCode.ROTATION_FAILED, "the privileged account secret '" + secretName + "' of target '"
                + target.id() + "' does not exist or has no ACSCurrent version"));
        List<Account> admins = Account.in(value, "secret '" + secretName + "'");
        if (admins.isEmpty()) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "the privileged account secret '" + secretName
                    + "' holds no account yet");
        }
        return admins.get(0);
    }
}
