package dev.rotator.ecs;

import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.ecs.testing.HostUsers;
import dev.rotator.ecs.testing.HostUsers.User;
import dev.rotator.ecs.testing.LogCapture;
import dev.rotator.ecs.testing.SshLogins;
import dev.rotator.ecs.testing.SshServer;
import dev.rotator.rds.testing.Rotation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ECS rotator against a real sshd (the throwaway one of {@link SshServer}): every change goes over SSH through
 * a management login, and every check is a fresh login by another client. Two management logins: {@code rootadm},
 * a uid-0 alias of root (the machine's real root password is never touched), and {@code sudoadm}, a sudo user
 * (with its password) whose login shell prints lines of its own before every command.
 */
class EcsRotatorTest {
    /** Every character a shell, chpasswd or sudo might take specially; the rotator must pass it through unchanged. */
    static final String SHELL_SPECIAL = "a'b\"c$(touch /tmp/rotator-pwned)`id`\\d;e|f&g<h>i*j!k #l:m%n{o}p~q=r,s^t";

    static EcsHost host;
    static User rootAdmin;
    static User sudoAdmin;

    @BeforeAll
    static void start() {
        host = new EcsHost();
        rootAdmin = host.users.rootAlias("root", "Root-" + EcsHost.unique());
        sudoAdmin = host.users.user("sudoadm", "S'u\"d$o `x` " + EcsHost.unique());
        host.users.sudoer(sudoAdmin, false);
        host.users.noisyShell(sudoAdmin);
        host.target("via-root", rootAdmin);
        host.target("via-sudo", sudoAdmin);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void rootPasswordRotatesThroughItsOwnLogin() {
        // The root alias's secret is its target's management login: the secret rotates the login that rotates it.
        User root = host.users.rootAlias("selfroot", "Self-" + EcsHost.unique());
        String name = "acs/ecs/self/" + root.name();
        host.context.targets.put("self", host.server.target("self", name));
        host.context.secrets.put(name, EcsLogin.password(root.name(), root.password()).value());
        Rotation rotation = host.passwordSecret(name, "self", root.name(), root.password());

        for (int i = 0; i < 2; i++) {
            SecretValue before = rotation.current();
            SecretValue after = rotation.rotate();
            host.context.secrets.put(name, after);
            assertThat(SshLogins.password(host.server, root.name(), password(after))).isTrue();
            assertThat(SshLogins.password(host.server, root.name(), password(before))).isFalse();
        }
    }

    @Test
    void rootPasswordRotatesThroughTheManagementLogin() {
        User root = host.users.rootAlias("root2", "Old-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/root/" + root.name(), "via-root", root.name(), root.password());

        SecretValue next = rotation.rotate();

        assertThat(login(next).userName()).isEqualTo(root.name());
        assertThat(SshLogins.password(host.server, root.name(), password(next))).isTrue();
        assertThat(SshLogins.password(host.server, root.name(), root.password())).isFalse();
    }

    @Test
    void userPasswordRotatesThroughSudoDespiteAChattyLoginShell() {
        User app = host.users.user("app", "Old-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/app/" + app.name(), "via-sudo", app.name(), app.password());

        SecretValue first = rotation.rotate();
        SecretValue second = rotation.rotate();

        assertThat(password(second)).isNotEqualTo(password(first)).hasSize(32);
        assertThat(SshLogins.password(host.server, app.name(), password(second))).isTrue();
        assertThat(SshLogins.password(host.server, app.name(), password(first))).isFalse();
        assertThat(SshLogins.password(host.server, app.name(), app.password())).isFalse();
        assertThat(SshLogins.password(host.server, sudoAdmin.name(), sudoAdmin.password()))
                .as("the management login is left as it was").isTrue();
    }

    @Test
    void passwordsWithShellSpecialCharactersArriveUnchanged() {
        User app = host.users.user("special", "Old-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/special/" + app.name(), "via-sudo", app.name(), app.password());
        SecretValue special = EcsLogin.password(app.name(), SHELL_SPECIAL).value();
        Secretless.setAndTest(host.rotator, rotation, special);

        assertThat(SshLogins.password(host.server, app.name(), SHELL_SPECIAL)).isTrue();
        assertThat(Path.of("/tmp/rotator-pwned")).doesNotExist();
        // And what the rotator generates itself: all four character classes, symbols included.
        SecretValue generated = rotation.rotate();
        assertThat(password(generated)).matches(".*[^A-Za-z0-9].*");
        assertThat(SshLogins.password(host.server, app.name(), password(generated))).isTrue();
    }

    @Test
    void aKeyPairManagementLoginWorksThroughPasswordlessSudo() {
        User admin = host.users.user("keyadm", "Pw-" + EcsHost.unique());
        host.users.sudoer(admin, true);
        host.keyTarget("via-key", admin);
        User app = host.users.user("bykey", "Old-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/bykey/" + app.name(), "via-key", app.name(), app.password());

        SecretValue next = rotation.rotate();

        assertThat(SshLogins.password(host.server, app.name(), password(next))).isTrue();
        assertThat(SshLogins.password(host.server, app.name(), app.password())).isFalse();
    }

    @Test
    void aKeyPairManagementLoginThatSudoAsksAPasswordOfIsExplained() {
        User admin = host.users.user("askadm", "Pw-" + EcsHost.unique());
        host.users.sudoer(admin, false);
        host.keyTarget("via-ask", admin);
        User app = host.users.user("byask", "Old-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/byask/" + app.name(), "via-ask", app.name(), app.password());

        assertThatThrownBy(rotation::rotate).isInstanceOf(RotatorException.class).hasMessageContaining("NOPASSWD");
        assertThat(SshLogins.password(host.server, app.name(), app.password())).isTrue();
    }

    @Test
    void aSudoThatRefusesTheManagementPasswordFailsBeforeTheCommandRuns() {
        // targetpw: sudo asks root's password, so the management login's own password is refused.
        User admin = host.users.user("tpwadm", "Pw-" + EcsHost.unique());
        host.users.sudoers(admin, "Defaults:" + admin.name() + " targetpw\n" + admin.name() + " ALL=(ALL:ALL) ALL\n");
        host.target("via-targetpw", admin);
        User app = host.users.user("bytpw", "Old-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/bytpw/" + app.name(), "via-targetpw", app.name(), app.password());

        assertThatThrownBy(rotation::rotate).isInstanceOf(RotatorException.class)
                .hasMessageContaining("sudo refused the password of the management login '" + admin.name() + "'");
        assertThat(SshLogins.password(host.server, app.name(), app.password())).isTrue();
    }

    @Test
    void aPasswordThatNeverWorkedIsRepairedByTheFirstRotation() {
        User app = host.users.user("repair", "Real-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/repair/" + app.name(), "via-sudo", app.name(), "not-the-password");
        assertThat(SshLogins.password(host.server, app.name(), "not-the-password")).isFalse();

        SecretValue repaired = rotation.rotate();

        assertThat(SshLogins.password(host.server, app.name(), password(repaired))).isTrue();
    }

    @Test
    void ed25519KeyPairRotationKeepsTheOtherLinesAndPermissions() throws Exception {
        User app = host.users.user("keys", "Pw-" + EcsHost.unique());
        String[] initial = SshLogins.keygen(host.server, "initial");
        String[] unrelated = SshLogins.keygen(host.server, "laptop");
        String others = "# managed by hand\nno-pty,from=\"10.0.0.0/8\" " + unrelated[0] + "\n";
        host.users.write(app, app.authorizedKeys(), others + initial[0]); // no final newline: the rotator adds one
        Rotation rotation = host.keySecret("acs/ecs/keys/" + app.name(), "via-sudo", app.name(), initial, Map.of());
        assertThat(SshLogins.key(host.server, app.name(), initial[1])).isTrue();

        SecretValue next = rotation.rotate();

        EcsLogin pair = login(next);
        assertThat(pair.privateKey().orElseThrow()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(pair.publicKey().orElseThrow()).startsWith("ssh-ed25519 AAAA").endsWith(" acs/ecs/keys/" + app.name());
        assertThat(pair.publicKey().orElseThrow()).startsWith(SshLogins.publicKeyOf(host.server, pair.privateKey().orElseThrow()));
        assertThat(SshLogins.key(host.server, app.name(), pair.privateKey().orElseThrow())).isTrue();
        assertThat(SshLogins.key(host.server, app.name(), initial[1])).as("old key removed by finish").isFalse();
        assertThat(Files.readString(app.authorizedKeys())).isEqualTo(others + pair.publicKey().orElseThrow() + "\n");
        assertThat(HostUsers.modeAndOwner(app.authorizedKeys())).isEqualTo("rw------- " + app.name());
        assertThat(HostUsers.modeAndOwner(app.authorizedKeys().getParent())).isEqualTo("rwx------ " + app.name());
    }

    @Test
    void rsaKeyPairRotationMakesSshDirectoryAndRepairsAKeyThatNeverWorked() throws Exception {
        User app = host.users.user("rsa", "Pw-" + EcsHost.unique());
        String[] neverInstalled = SshLogins.keygen(host.server, "never-installed");
        Rotation rotation = host.keySecret("acs/ecs/rsa/" + app.name(), "via-root", app.name(), neverInstalled,
                Map.of("KeyType", "RSA", "KeySize", "2048"));
        assertThat(app.home().resolve(".ssh")).doesNotExist();

        EcsLogin first = login(rotation.rotate());
        EcsLogin second = login(rotation.rotate());

        assertThat(second.privateKey().orElseThrow()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(second.publicKey().orElseThrow()).startsWith("ssh-rsa AAAA");
        assertThat(SshLogins.publicKeyOf(host.server, second.privateKey().orElseThrow()))
                .isEqualTo(second.publicKey().orElseThrow().substring(0, second.publicKey().orElseThrow().lastIndexOf(' ')));
        assertThat(SshLogins.key(host.server, app.name(), second.privateKey().orElseThrow())).isTrue();
        assertThat(SshLogins.key(host.server, app.name(), first.privateKey().orElseThrow())).isFalse();
        assertThat(Files.readAllLines(app.authorizedKeys())).containsExactly(second.publicKey().orElseThrow());
        assertThat(HostUsers.modeAndOwner(app.authorizedKeys())).isEqualTo("rw------- " + app.name());
        assertThat(HostUsers.modeAndOwner(app.authorizedKeys().getParent())).isEqualTo("rwx------ " + app.name());
        assertThat(SshLogins.password(host.server, app.name(), app.password())).as("the password is not touched").isTrue();
    }

    @Test
    void anUnknownOrChangedHostKeyFailsTheRotationAndChangesNothing() {
        User app = host.users.user("hostkey", "Pw-" + EcsHost.unique());
        String port = "[127.0.0.1]:" + host.server.port();
        host.context.targets.put("changed", host.server.target("changed", "admin/via-root", host.server.otherKnownHosts()));
        host.context.targets.put("unknown", host.server.target("unknown", "admin/via-root",
                host.server.knownHosts().replace(port, "[127.0.0.2]:" + host.server.port())));
        host.context.secrets.put("admin/changed", host.context.secrets.get("admin/via-root"));

        for (String target : List.of("changed", "unknown")) {
            Rotation rotation = host.passwordSecret("acs/ecs/" + target + "/" + app.name(), target, app.name(), app.password());
            assertThatThrownBy(rotation::rotate).isInstanceOf(RotatorException.class)
                    .hasMessageContaining(target.equals("changed") ? "has CHANGED" : "is not pinned in knownHosts")
                    .hasMessageContaining(" SHA256:" + hostKeyFingerprint());
            assertThat(rotation.current()).isEqualTo(EcsLogin.password(app.name(), app.password()).value());
        }
        assertThat(SshLogins.password(host.server, app.name(), app.password())).isTrue();
    }

    @Test
    void aHostThatIsDownFailsTheRotationAndTheRetrySucceedsWhenItIsBack() {
        User app = host.users.user("down", "Pw-" + EcsHost.unique());
        Rotation rotation = host.passwordSecret("acs/ecs/down/" + app.name(), "via-root", app.name(), app.password());

        host.server.stop();
        try {
            assertThatThrownBy(rotation::rotate).isInstanceOf(RotatorException.class).hasMessageContaining("cannot reach");
        } finally {
            host.server.restart();
        }
        assertThat(SshLogins.password(host.server, app.name(), password(rotation.current())))
                .as("ACSCurrent still works").isTrue();

        SecretValue next = rotation.rotate(); // resumes with the pending value of the failed run

        assertThat(SshLogins.password(host.server, app.name(), password(next))).isTrue();
        assertThat(SshLogins.password(host.server, app.name(), app.password())).isFalse();
    }

    @Test
    void noSecretValueReachesALogOrAnError() {
        User app = host.users.user("logs", "Pw-" + EcsHost.unique());
        User keys = host.users.user("logkeys", "Pw-" + EcsHost.unique());
        List<String> secrets = new ArrayList<>(List.of(app.password(), rootAdmin.password(), sudoAdmin.password(),
                SHELL_SPECIAL));
        List<String> errors = new ArrayList<>();
        List<String> logged;
        try (LogCapture log = new LogCapture()) {
            Rotation passwords = host.passwordSecret("acs/ecs/logs/" + app.name(), "via-sudo", app.name(), app.password());
            secrets.add(password(passwords.rotate()));
            Rotation pairs = host.keySecret("acs/ecs/logs/" + keys.name(), "via-sudo", keys.name(),
                    SshLogins.keygen(host.server, "initial"), Map.of());
            secrets.add(login(pairs.rotate()).privateKey().orElseThrow());
            // Failures too: a refused management password, a refused new value.
            host.context.targets.put("badadmin", host.server.target("badadmin", "admin/badadmin"));
            host.context.secrets.put("admin/badadmin", EcsLogin.password(sudoAdmin.name(), SHELL_SPECIAL).value());
            errors.add(failure(() -> host.passwordSecret("acs/ecs/bad/" + app.name(), "badadmin", app.name(),
                    app.password()).rotate()));
            errors.add(failure(() -> host.rotator.test(new Rotator.TestRequest(passwords.secret, "t",
                    EcsLogin.password(app.name(), SHELL_SPECIAL).value()))));
            logged = log.lines();
        }
        assertThat(errors).allSatisfy(e -> assertThat(e).contains("refused"));
        assertThat(logged).as("lines logged").isNotEmpty();
        for (String line : concat(logged, errors, List.of(host.server.log()))) {
            for (String secret : secrets) {
                if (line.contains(secret) || line.contains(secret.lines().skip(1).findFirst().orElse(secret))) {
                    throw new AssertionError("a secret value reached a log line or error message"); // not repeated
                }
            }
        }
    }

    /** The server's Ed25519 host key as {@code ssh-keygen -lf} prints its fingerprint, without the prefix. */
    private static String hostKeyFingerprint() {
        String line = dev.rotator.ecs.testing.Local.run("ssh-keygen", "-lf",
                host.server.dir().resolve("host_ed25519.pub").toString());
        return line.split(" ")[1].substring("SHA256:".length());
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    /** The message (with its causes') of what {@code run} throws. */
    private static String failure(Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t).append(" | ");
            }
            for (Throwable s : e.getSuppressed()) {
                sb.append(s).append(" | ");
            }
            return sb.toString();
        }
        throw new AssertionError("expected a failure");
    }

    static String password(SecretValue value) {
        return login(value).password().orElseThrow();
    }

    static EcsLogin login(SecretValue value) {
        return EcsHost.login(value);
    }

    /** Drives set and test with a chosen pending value (the engine would take it from create). */
    static final class Secretless {
        static void setAndTest(Rotator rotator, Rotation rotation, SecretValue pending) {
            rotator.set(new Rotator.SetRequest(rotation.secret, "chosen", pending, rotation.current()));
            rotator.test(new Rotator.TestRequest(rotation.secret, "chosen", pending, dev.rotator.core.spi.RotationOptions.NONE));
        }
    }
}
