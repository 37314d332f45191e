package dev.rotator.ecs;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.credential.CredentialPolicy;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Optional;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Rotates the SSH login of an ECS secret on a Linux host (docs/rotators/ecs.md), single account:
 * <ul>
 *   <li>Password: set gives the user a fresh password with {@code chpasswd} (on standard input) through the target's
 *   management login; test logs in with it alone. The old password stops working at set.</li>
 *   <li>SSHKey: create makes a new key pair here (Ed25519, or RSA on request); set adds its public key to the user's
 *   {@code authorized_keys}; test logs in with the new private key alone; finish removes the old public key, so the
 *   old key keeps working until the new one is ACSCurrent.</li>
 * </ul>
 * Every change goes through the management login (the ACSCurrent value of the secret the target's
 * {@code adminSecret} names), never through the user's own current credential, so an initial value that does not
 * work is simply replaced by the first rotation. The host key must be pinned in the target's {@code knownHosts}.
 */
public final class EcsRotator implements Rotator {
    /** 32 characters of all four classes; anything but a space, since passwords travel on standard input only. */
    static final CredentialPolicy PASSWORDS = new CredentialPolicy(32, EnumSet.allOf(CredentialPolicy.CharClass.class),
            " ");
    private static final Logger LOG = LoggerFactory.getLogger(EcsRotator.class);

    private final RotatorContext context;
    private final SshConnector connector = new SshConnector();
    private final HostCommands commands = new LinuxCommands();

    public EcsRotator(RotatorContext context) {
        this.context = context;
    }

    /** Reads the secret and the configuration only (no connection): a value that does not log in is taken. */
    @Override
    public void validate(Secret secret, SecretValue initialValue) {
        EcsConfig config = EcsConfig.of(secret.extendedConfig());
        Target target = context.target(config.instanceId()).orElseThrow(() -> invalid("ExtendedConfig.InstanceId",
                "names no ecs target declared in the worker's configuration"));
        HostTarget.of(target);
        EcsLogin login = EcsLogin.parse(initialValue, "SecretData");
        if (login.isKeyPair() != config.keyPair()) {
            throw invalid("SecretData", config.keyPair() ? "SSHKey secrets hold {\"UserName\",\"PublicKey\",\"PrivateKey\"}"
                    : "Password secrets hold {\"UserName\",\"Password\"}");
        }
    }

    /** One secret per user and host: {@code <InstanceId>/<UserName>}. */
    @Override
    public Optional<CredentialIdentity> identity(Secret secret, SecretValue value) {
        EcsConfig config = EcsConfig.of(secret.extendedConfig());
        EcsLogin login = EcsLogin.parse(value, "SecretData");
        return Optional.of(new CredentialIdentity("user '" + login.userName() + "' on ecs target '"
                + config.instanceId() + "'", "SecretData.UserName"));
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        EcsConfig config = EcsConfig.of(request.secret().extendedConfig());
        String user = EcsLogin.parse(request.current(), "ACSCurrent").userName();
        EcsLogin next = config.keyPair() ? KeyPairs.generate(user, config.keySpec(), request.secret().name())
                : EcsLogin.password(user, context.generator().generate(PASSWORDS));
        return new CreateResponse(next.value());
    }

    @Override
    public SetResponse set(SetRequest request) {
        EcsConfig config = EcsConfig.of(request.secret().extendedConfig());
        EcsLogin pending = EcsLogin.parse(request.pending(), "ACSPending");
        String user = EcsLogin.parse(request.current(), "ACSCurrent").userName();
        // Checked again before anything reaches the host: the pending value is the same user's, of the secret's kind.
        if (!pending.userName().equals(user) || pending.isKeyPair() != config.keyPair()) {
            throw invalid("ACSPending", "must be a " + (config.keyPair() ? "key pair" : "password") + " of user '"
                    + user + "'");
        }
        HostTarget target = target(config);
        try (HostAdmin admin = adminForSet(request.secret(), target, pending)) {
            if (config.keyPair()) {
                admin.run(commands.addPublicKey(user, pending.publicKey().orElseThrow()));
            } else {
                admin.run(commands.setPassword(user, pending.password().orElseThrow()));
            }
        }
        return SetResponse.applied();
    }

    /** A fresh login with the value alone: the password, or the private key. */
    @Override
    public void test(TestRequest request) {
        EcsConfig config = EcsConfig.of(request.secret().extendedConfig());
        EcsLogin login = EcsLogin.parse(request.pending(), "value");
        String who = (login.isKeyPair() ? "the new key pair" : "the new password") + " of '" + login.userName() + "'";
        connector.open(target(config), login, who).close();
    }

    /** Only a key pair has something to clean up (see {@link #finish}). */
    @Override
    public boolean finishes(Secret secret) {
        return EcsConfig.of(secret.extendedConfig()).keyPair();
    }

    /** SSHKey: the previous public key leaves {@code authorized_keys} (unless it is the current one too). */
    @Override
    public void finish(FinishRequest request) {
        EcsConfig config = EcsConfig.of(request.secret().extendedConfig());
        if (!config.keyPair() || request.previous().isEmpty()) {
            return;
        }
        EcsLogin current = EcsLogin.parse(request.current(), "ACSCurrent");
        EcsLogin old;
        try {
            old = EcsLogin.parse(request.previous().get(), "ACSPrevious");
        } catch (RotatorException unreadable) {
            return; // nothing of it can be on the host
        }
        Optional<String> oldBlob = old.publicKey().flatMap(EcsRotator::keyBlob);
        if (!old.isKeyPair() || oldBlob.isEmpty() || oldBlob.equals(current.publicKey().flatMap(EcsRotator::keyBlob))
                || !old.userName().equals(current.userName())) {
            LOG.debug("secret {}: no old public key to remove", request.secret().name());
            return;
        }
        try (HostAdmin admin = admin(target(config))) {
            admin.run(commands.removePublicKey(old.userName(), old.publicKey().get()));
        }
    }

    /** The base64 key of an {@code authorized_keys} line (what identifies the key, whatever options or comment). */
    static Optional<String> keyBlob(String line) {
        for (String word : line.trim().split("\\s+")) {
            if (word.startsWith("AAAA")) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }

    private HostTarget target(EcsConfig config) {
        return HostTarget.of(context.target(config.instanceId()).orElseThrow(() -> new RotatorException(
                ErrorCode.ROTATION_FAILED, "ecs target '" + config.instanceId()
                + "' is not declared in the worker's configuration")));
    }

    /**
     * The management login for set. When the secret being rotated is that login's own (the target's adminSecret names
     * it), an earlier set may have changed it already and the rotation then stopped before promote: ACSCurrent no
     * longer logs in, the pending value does, and the re-run goes through it.
     */
    private HostAdmin adminForSet(Secret secret, HostTarget target, EcsLogin pending) {
        try {
            return admin(target);
        } catch (RotatorException refused) {
            if (!target.adminSecret().equals(secret.name())) {
                throw refused;
            }
            try {
                return HostAdmin.open(connector, target, pending);
            } catch (RotatorException alsoRefused) {
                refused.addSuppressed(alsoRefused);
                throw refused;
            }
        }
    }

    /** Logs in as the target's management login, read from the secret its adminSecret setting names. */
    private HostAdmin admin(HostTarget target) {
        SecretValue value = context.currentValueOf(target.adminSecret()).orElseThrow(() -> new RotatorException(
                ErrorCode.ROTATION_FAILED, "the management login secret '" + target.adminSecret() + "' of ecs target '"
                + target.id() + "' does not exist or has no ACSCurrent version"));
        return HostAdmin.open(connector, target, EcsLogin.parse(value, "secret '" + target.adminSecret() + "'"));
    }
}
