package dev.rotator.rds.mysql;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.sql.Sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Accounts on MySQL 8 and MariaDB (tested on MariaDB 10.11). An account is a user name at one or more host
 * patterns; every operation covers all of them.
 *
 * <p>Passwords: on MariaDB the mysql_native_password hash is computed here and sent as
 * {@code IDENTIFIED BY PASSWORD '*...'}, so the plaintext never reaches the server (nor its general log). MySQL 8
 * removed that form; there the password goes as a string literal escaped for the session's sql_mode (MySQL masks
 * it in its logs).
 */
public final class MySqlAccountAdmin implements AccountAdmin {
    /** Host pattern of accounts this creates: any client host. */
    public static final String ANY_HOST = "%";

    private static final Map<Permission, String> GRANTS = Map.of(
            Permission.ReadWrite, "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER, "
                    + "CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, "
                    + "ALTER ROUTINE, EVENT, TRIGGER",
            Permission.ReadOnly, "SELECT, LOCK TABLES, SHOW VIEW",
            Permission.DDLOnly, "CREATE, DROP, INDEX, ALTER, REFERENCES, CREATE TEMPORARY TABLES, CREATE VIEW, "
                    + "SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER",
            Permission.DMLOnly, "SELECT, INSERT, UPDATE, DELETE, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, SHOW VIEW");

    /** Never updated itself: only cloned, so sharing it across threads is safe. */
    private static final MessageDigest SHA1 = newSha1();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private final Connection c;
    private final boolean mariaDb;
    private final boolean backslashEscapes;

    public MySqlAccountAdmin(Connection adminConnection) {
        this.c = adminConnection;
        String version = Sql.strings(c, "reading the server version", "SELECT VERSION()").get(0);
        this.mariaDb = version.contains("MariaDB");
        String mode = Sql.strings(c, "reading sql_mode", "SELECT @@SESSION.sql_mode").get(0);
        this.backslashEscapes = mode == null || !mode.contains("NO_BACKSLASH_ESCAPES");
    }

    /** The GRANT privilege list a permission maps to (docs/rotators/rds.md). */
    public static String privileges(Permission permission) {
        return GRANTS.get(permission);
    }

    @Override
    public DbEngine engine() {
        return DbEngine.MYSQL;
    }

    @Override
    public boolean exists(String account) {
        return !hosts(account).isEmpty();
    }

    private List<String> hosts(String user) {
        return Sql.strings(c, "listing the hosts of account '" + user + "'",
                "SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host", user);
    }

    @Override
    public void createAccount(String account, String password, List<String> databases, Permission permission) {
        for (String db : databases) {
            if (Sql.strings(c, "looking up database '" + db + "'",
                    "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", db).isEmpty()) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, "database '" + db + "' does not exist on the target");
            }
        }
        create(account, ANY_HOST, password);
        for (String db : databases) {
            Sql.exec(c, "granting " + permission + " on '" + db + "' to account '" + account + "'",
                    "GRANT " + privileges(permission) + " ON " + databaseObject(db) + " TO " + grantee(account, ANY_HOST));
        }
    }

    @Override
    public void createAccount(String account, String password) {
        create(account, ANY_HOST, password);
    }

    @Override
    public void createPrivilegedAccount(String account, String password) {
        create(account, ANY_HOST, password);
        Sql.exec(c, "granting all privileges to account '" + account + "'",
                "GRANT ALL PRIVILEGES ON *.* TO " + grantee(account, ANY_HOST) + " WITH GRANT OPTION");
    }

    private void create(String user, String host, String password) {
        Sql.execSecret(c, "creating account '" + user + "'@'" + host + "'",
                "CREATE USER IF NOT EXISTS " + grantee(user, host) + " " + identifiedBy(password));
    }

    @Override
    public void setPassword(String account, String password) {
        List<String> hosts = hosts(account);
        if (hosts.isEmpty()) {
            throw RotatorException.notFound("account '" + account + "' on the target");
        }
        for (String host : hosts) {
            Sql.execSecret(c, "setting the password of account '" + account + "'@'" + host + "'",
                    "ALTER USER " + grantee(account, host) + " " + identifiedBy(password));
        }
    }

    @Override
    public void syncClone(String source, String clone, String clonePassword) {
        Map<String, UserOptions> sourceHosts = options(source);
        if (sourceHosts.isEmpty()) {
            throw RotatorException.notFound("account '" + source + "' on the target");
        }
        Map<String, UserOptions> cloneHosts = options(clone);
        for (Map.Entry<String, UserOptions> e : sourceHosts.entrySet()) {
            String host = e.getKey();
            if (!cloneHosts.containsKey(host)) {
                create(clone, host, clonePassword);
            }
            if (!e.getValue().equals(cloneHosts.get(host))) {
                Sql.exec(c, "copying TLS requirement and limits to account '" + clone + "'@'" + host + "'",
                        "ALTER USER " + grantee(clone, host) + " " + e.getValue().clause(backslashEscapes));
            }
            syncGrants(source, clone, host);
        }
        for (String host : cloneHosts.keySet()) {
            if (!sourceHosts.containsKey(host)) {
                Sql.exec(c, "dropping account '" + clone + "'@'" + host + "' (its source has no such host)",
                        "DROP USER " + grantee(clone, host));
            }
        }
    }

    /**
     * Grants what is missing first and revokes what is extra after, so privileges both hold never disappear.
     * A second pass covers the rare overlap (ALL PRIVILEGES on one side, single ones on the other).
     */
    private void syncGrants(String source, String clone, String host) {
        String cloneGrantee = grantee(clone, host);
        AccountGrants wanted = grants(source, host);
        for (int pass = 0; pass < 2; pass++) {
            for (String sql : wanted.grantsMissingFrom(grants(clone, host), cloneGrantee)) {
                Sql.exec(c, "copying a grant to account '" + clone + "'@'" + host + "'", sql);
            }
            for (String sql : grants(clone, host).revokesBeyond(wanted, cloneGrantee)) {
                Sql.exec(c, "revoking a grant its source lacks from account '" + clone + "'@'" + host + "'", sql);
            }
            AccountGrants now = grants(clone, host);
            if (!now.defaultRole().equals(wanted.defaultRole())) {
                Sql.exec(c, "copying the default role to account '" + clone + "'@'" + host + "'",
                        "SET DEFAULT ROLE " + wanted.defaultRole().orElse("NONE") + " FOR " + cloneGrantee);
            }
            if (sameGrants(grants(clone, host), wanted)) {
                return;
            }
        }
        throw new RotatorException(ErrorCode.ROTATION_FAILED, "the grants of account '" + clone + "'@'" + host
                + "' still differ from those of '" + source + "'@'" + host + "' after copying them");
    }

    private static boolean sameGrants(AccountGrants a, AccountGrants b) {
        return a.byObject().equals(b.byObject()) && a.roles().equals(b.roles());
    }

    /** What an account holds at one host, as SHOW GRANTS prints it. */
    AccountGrants grants(String user, String host) {
        List<String> lines = Sql.strings(c, "reading the grants of account '" + user + "'@'" + host + "'",
                "SHOW GRANTS FOR " + grantee(user, host));
        return AccountGrants.read(lines);
    }

    private Map<String, UserOptions> options(String user) {
        Map<String, UserOptions> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT Host, ssl_type, ssl_cipher, x509_issuer, x509_subject, "
                + "max_questions, max_updates, max_connections, max_user_connections FROM mysql.user WHERE User = ? "
                + "ORDER BY Host")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new UserOptions(text(rs, 2), text(rs, 3), text(rs, 4), text(rs, 5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                }
            }
        } catch (SQLException e) {
            throw Sql.failed("reading the TLS requirement of account '" + user + "'", e);
        }
        return out;
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> shadowing(String account) {
        return Sql.strings(c, "listing anonymous accounts", "SELECT Host FROM mysql.user WHERE User = '' ORDER BY Host")
                .stream().map(h -> "''@'" + h + "'").toList();
    }

    @Override
    public void drop(String account) {
        for (String host : hosts(account)) {
            Sql.exec(c, "dropping account '" + account + "'@'" + host + "'", "DROP USER IF EXISTS " + grantee(account, host));
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException e) {
            // Nothing was left half-done: every statement above runs on its own.
        }
    }

    static String grantee(String user, String host) {
        return DbEngine.MYSQL.quote(user) + "@" + DbEngine.MYSQL.quote(host);
    }

    /** {@code `db`.*} with '_' escaped: unescaped, GRANT reads it as a wildcard matching any character. */
    static String databaseObject(String database) {
        return DbEngine.MYSQL.quote(database.replace("_", "\\_")) + ".*";
    }

    private String identifiedBy(String password) {
        if (mariaDb) {
            return "IDENTIFIED BY PASSWORD '" + nativePasswordHash(password) + "'";
        }
        return "IDENTIFIED BY " + Sql.mysqlLiteral(password, backslashEscapes);
    }

    /**
     * mysql_native_password's stored form: '*' and the upper-case hex of SHA1(SHA1(password)). Public for the rotation
     * benchmark, whose floor sends the very statement the rotator sends.
     */
    public static String nativePasswordHash(String password) {
        MessageDigest sha1 = sha1();
        byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        return "*" + UPPER_HEX.formatHex(sha1.digest(once));
    }

    /** A fresh SHA-1: a clone of one looked up once (getInstance searches the providers on every call). */
    private static MessageDigest sha1() {
        try {
            return (MessageDigest) SHA1.clone();
        } catch (CloneNotSupportedException e) {
            return newSha1(); // a provider whose digest cannot be cloned
        }
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An account's TLS requirement and resource limits at one host (mysql.user). */
    private record UserOptions(String sslType, String cipher, String issuer, String subject, long maxQuestions,
                               long maxUpdates, long maxConnections, long maxUserConnections) {

        String clause(boolean backslashEscapes) {
            return "REQUIRE " + require(backslashEscapes) + " WITH MAX_QUERIES_PER_HOUR " + maxQuestions
                    + " MAX_UPDATES_PER_HOUR " + maxUpdates + " MAX_CONNECTIONS_PER_HOUR " + maxConnections
                    + " MAX_USER_CONNECTIONS " + maxUserConnections;
        }

        private String require(boolean backslashEscapes) {
            return switch (sslType.toUpperCase(java.util.Locale.ROOT)) {
                case "ANY" -> "SSL";
                case "X509" -> "X509";
                case "SPECIFIED" -> specified(backslashEscapes).orElse("SSL");
                default -> "NONE";
            };
        }

        private Optional<String> specified(boolean backslashEscapes) {
            StringBuilder sb = new StringBuilder();
            append(sb, "CIPHER", cipher, backslashEscapes);
            append(sb, "ISSUER", issuer, backslashEscapes);
            append(sb, "SUBJECT", subject, backslashEscapes);
            return sb.length() == 0 ? Optional.empty() : Optional.of(sb.toString());
        }

        private static void append(StringBuilder sb, String keyword, String value, boolean backslashEscapes) {
            if (!Objects.requireNonNullElse(value, "").isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " AND ").append(keyword).append(' ')
                        .append(Sql.mysqlLiteral(value, backslashEscapes));
            }
        }
    }
}
