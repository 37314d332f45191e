package dev.rotator.worker.cluster;

import dev.rotator.worker.testing.TestDatabases.EmptyDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of this test's own (initdb in a fresh directory, its own port, a random scram password), for
 * the case that restarts the store's server: the shared throwaway server must never be restarted. Made as
 * scripts/test-servers.sh makes the shared one; as root its commands run as the postgres user, which initdb needs.
 */
final class OwnPostgres implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final int port;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    private OwnPostgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.bin = bin;
        this.port = port;
    }

    static OwnPostgres start() throws Exception {
        Path dir = Files.createTempDirectory("rotator-own-pg-");
        OwnPostgres pg = new OwnPostgres(dir, bindir(), freePort());
        try {
            pg.init();
            pg.startServer();
            return pg;
        } catch (Exception | Error e) {
            pg.close();
            throw e;
        }
    }

    /** A new database on this server, as the store of the workers. */
    EmptyDatabase createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new EmptyDatabase(url(name), "postgres", password, () -> { });
    }

    /** Stops the server (fast: sessions are ended, as in a restart) and waits until it is down. */
    void stopServer() throws Exception {
        runAsPostgres(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "60");
    }

    void startServer() throws Exception {
        runAsPostgres(bin.resolve("pg_ctl").toString(), "start", "-D", data.toString(), "-l", dir.resolve("pg.log").toString(),
                "-w", "-t", "60");
    }

    private void init() throws Exception {
        if (isRoot()) {
            exec(List.of("chown", "postgres:postgres", dir.toString()));
        }
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password + "\n");
        if (isRoot()) {
            exec(List.of("chown", "postgres:postgres", pwfile.toString()));
        }
        runAsPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--pwfile=" + pwfile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-instructions");
        Files.writeString(data.resolve("postgresql.conf"), """

                listen_addresses = '%s'
                port = %d
                unix_socket_directories = '%s'
                max_connections = 100
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                """.formatted(HOST, port, dir), java.nio.file.StandardOpenOption.APPEND);
    }

    private String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    private void runAsPostgres(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        exec(full);
    }

    private void exec(List<String> command) throws Exception {
        Path out = Files.createTempFile("own-pg-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path bindir() {
        String configured = System.getenv("ROTATOR_TEST_PG_BINDIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            return dirs.map(d -> d.resolve("bin")).filter(d -> Files.isExecutable(d.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                runAsPostgres(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate",
                        "-w");
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
