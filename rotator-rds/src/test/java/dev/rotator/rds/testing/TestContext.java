package dev.rotator.rds.testing;

import dev.rotator.core.spi.Target;
import dev.rotator.core.testing.InMemoryRotatorContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** The worker's stand-in for the database rotators' tests: the maps of its parent, filled for a throwaway server. */
public final class TestContext extends InMemoryRotatorContext {

    /** A context with one target whose privileged account is the server's own admin. */
    public static TestContext of(TestServer.Sandbox sandbox, String targetId) {
        TestContext c = new TestContext();
        c.targets.put(targetId, sandbox.target(targetId, "admin-" + targetId));
        c.secrets.put("admin-" + targetId, Accounts.value(sandbox.server().adminUser(), sandbox.server().adminPassword()));
        return c;
    }

    /**
     * A context whose targets {@code mysql} and {@code postgresql} (of {@code kind}) point at a port where nothing
     * listens: a rotator that tried to log in would fail with a connection error rather than the rule under test.
     */
    public static TestContext unreachable(String kind) {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestContext c = new TestContext();
        for (String engine : List.of("mysql", "postgresql")) {
            c.targets.put(engine, new Target(engine, kind, Map.of("engine", engine, "host", "127.0.0.1",
                    "port", closedPort, "adminSecret", "admin")));
        }
        c.secrets.put("admin", Accounts.value("root", "irrelevant"));
        return c;
    }
}
