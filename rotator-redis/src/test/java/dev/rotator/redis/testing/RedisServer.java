package dev.rotator.redis.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway redis-server process of our own on a free loopback port: its default user needs {@link #ADMIN_PASSWORD},
 * and its users live in an aclfile (or, for {@link Persistence#CONFIG_REWRITE}, in its redis.conf). It may be the
 * replica of another one. {@link #stop} and {@link #start} keep the port, the data directory and the ACL, as a
 * restart does; {@link #close} ends the process and deletes its directory. A JVM shutdown hook ends it too, should
 * a test never reach close.
 */
public final class RedisServer implements AutoCloseable {
    public static final String ADMIN_USER = "default";
    public static final String ADMIN_PASSWORD = "Adm1n-Redis-Pw-7q";

    public enum Persistence { ACLFILE, CONFIG_REWRITE }

    private final Path dir;
    private final int port;
    private final Persistence persistence;
    private final RedisServer primary;
    private final Thread reaper = new Thread(this::stop, "redis-server-reaper");
    private Process process;

    private RedisServer(Persistence persistence, RedisServer primary) {
        this.persistence = persistence;
        this.primary = primary;
        try {
            this.dir = Files.createTempDirectory("rotator-redis-test-");
            this.port = freePort();
            if (persistence == Persistence.ACLFILE) {
                Files.writeString(dir.resolve("users.acl"), "user default on >" + ADMIN_PASSWORD + " ~* &* +@all\n");
                Files.writeString(dir.resolve("redis.conf"), "aclfile " + dir.resolve("users.acl") + "\n");
            } else {
                Files.writeString(dir.resolve("redis.conf"), "user default on >" + ADMIN_PASSWORD + " ~* &* +@all\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(reaper);
        start();
    }

    /** A primary whose users are kept in an aclfile. */
    public static RedisServer primary() {
        return new RedisServer(Persistence.ACLFILE, null);
    }

    public static RedisServer primary(Persistence persistence) {
        return new RedisServer(persistence, null);
    }

    /** A replica of {@code primary} (replicaof + masterauth), with its own aclfile: ACLs do not replicate. */
    public static RedisServer replicaOf(RedisServer primary) {
        return new RedisServer(Persistence.ACLFILE, primary);
    }

    public HostAndPort node() {
        return new HostAndPort("127.0.0.1", port);
    }

    public Path aclFile() {
        return dir.resolve(persistence == Persistence.ACLFILE ? "users.acl" : "redis.conf");
    }

    /** Starts the process (again) and waits until the admin can log in. */
    public synchronized void start() {
        List<String> command = new ArrayList<>(List.of(redisServer(), dir.resolve("redis.conf").toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        if (primary != null) {
            command.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port),
                    "--masteruser", ADMIN_USER, "--masterauth", ADMIN_PASSWORD));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitAdmin();
    }

    /** Ends the process (SIGTERM, then SIGKILL); the directory stays for {@link #start}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** A new admin connection (the default user); the caller closes it. */
    public Jedis admin() {
        return login(ADMIN_USER, ADMIN_PASSWORD);
    }

    /** A new connection authenticated as the user; throws when the login is refused. */
    public Jedis login(String user, String password) {
        return new Jedis(node(), DefaultJedisClientConfig.builder().user(user).password(password)
                .connectionTimeoutMillis(5_000).socketTimeoutMillis(5_000).build());
    }

    private void awaitAdmin() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Jedis j = admin()) {
                j.ping();
                return;
            } catch (JedisException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("redis-server on port " + port + " did not start; see "
                            + dir.resolve("redis.log"), e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** redis-server from the PATH (redis-server 7 is installed on the build machines). */
    private static String redisServer() {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p, "redis-server")).filter(Files::isExecutable).findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("redis-server is not on the PATH: install Redis 7"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
