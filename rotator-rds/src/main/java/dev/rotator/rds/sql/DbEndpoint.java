package dev.rotator.rds.sql;

import dev.rotator.core.spi.Target;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Where a database target listens and how to reach it: engine, host, port, TLS mode and CA file, and the
 * maintenance database (PostgreSQL needs one to log in to; MySQL logs in without one). Credentials travel as connection properties, never
 * inside the URL, so no password ever lands in a URL that a driver might print.
 *
 * @param tls {@code disable}, {@code require} (encrypted, server not verified; the default) or {@code verify-full}
 */
public record DbEndpoint(DbEngine engine, String host, int port, String tls, Optional<String> caFile,
                         String maintenanceDatabase) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]+");
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    public DbEndpoint {
        if (!HOST.matcher(host).matches()) {
            throw invalid("host", "must be a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw invalid("port", "must be between 1 and 65535");
        }
        if (!tls.equals("disable") && !tls.equals("require") && !tls.equals("verify-full")) {
            throw invalid("tls", "must be disable, require or verify-full");
        }
        if (engine == DbEngine.POSTGRESQL) {
            engine.checkDatabaseName("database", maintenanceDatabase);
        } else {
            maintenanceDatabase = ""; // MySQL logs in without a default database
        }
    }

    /** Reads a target's settings (keys engine, host, port, tls, caFile, database); errors name the setting. */
    public static DbEndpoint of(Target target) {
        String prefix = "targets." + target.id() + ".";
        DbEngine engine = DbEngine.fromSetting(prefix + "engine",
                target.setting("engine").orElseThrow(() -> invalid(prefix + "engine", "is required")));
        String host = target.setting("host").orElseThrow(() -> invalid(prefix + "host", "is required"));
        int port;
        try {
            port = Integer.parseInt(target.setting("port").orElse(engine == DbEngine.MYSQL ? "3306" : "5432"));
        } catch (NumberFormatException e) {
            throw invalid(prefix + "port", "must be a number");
        }
        // Encrypted unless the target says otherwise, as docs/configuration.md promises operators.
        String tls = target.setting("tls").orElse("require").toLowerCase(Locale.ROOT);
        String database = target.setting("database").orElse("postgres");
        return new DbEndpoint(engine, host, port, tls, target.setting("caFile"), database);
    }

    /** The JDBC URL of a database here ({@code ""}: none, MySQL only). */
    public String url(String database) {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String db = database;
        return switch (engine) {
            case MYSQL -> "jdbc:mariadb://" + hostPart + ":" + port + "/" + db;
            case POSTGRESQL -> "jdbc:postgresql://" + hostPart + ":" + port + "/" + db;
        };
    }

    /** A fresh connection, with nothing but the given credential; {@code database} null: the maintenance one. */
    public Connection connect(String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        String db = database == null ? maintenanceDatabase : database;
        switch (engine) {
            case MYSQL -> {
                p.setProperty("sslMode", switch (tls) {
                    case "require" -> "trust";
                    case "verify-full" -> "verify-full";
                    default -> "disable";
                });
                caFile.ifPresent(f -> p.setProperty("serverSslCert", f));
                p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
                // One statement per call: a stray ';' inside a value can never start a second one.
                p.setProperty("allowMultiQueries", "false");
            }
            case POSTGRESQL -> {
                p.setProperty("sslmode", tls);
                caFile.ifPresent(f -> p.setProperty("sslrootcert", f));
                p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
                p.setProperty("ApplicationName", "rotator");
            }
        }
        return DriverManager.getConnection(url(db), p);
    }

    @Override
    public String toString() {
        return engine.setting() + "://" + host + ":" + port;
    }
}
