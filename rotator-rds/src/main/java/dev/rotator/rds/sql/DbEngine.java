package dev.rotator.rds.sql;

import dev.rotator.core.RotatorException;

import java.util.Locale;
import java.util.regex.Pattern;

import static dev.rotator.core.RotatorException.invalid;

/**
 * The two SQL families a database target speaks, with their naming rules. Names are checked before any SQL is
 * built, and always quoted as identifiers as well: the check keeps names portable and the quoting keeps them inert.
 */
public enum DbEngine {
    /** MySQL 8 and MariaDB: user names up to 32 characters (MySQL's limit; MariaDB allows 80). */
    MYSQL("mysql", 32, 64),
    /** PostgreSQL: identifiers up to 63 bytes (NAMEDATALEN - 1). */
    POSTGRESQL("postgresql", 63, 63);

    public static final String CLONE_SUFFIX = "_clone";
    /** A letter first, then letters, digits and underscores: no quoting trouble in SQL, URLs or shells. */
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** Database names may also hold '-' and '$' (both legal quoted identifiers on either engine). */
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_$-]*");

    private final String setting;
    private final int maxAccountLength;
    private final int maxDatabaseLength;

    DbEngine(String setting, int maxAccountLength, int maxDatabaseLength) {
        this.setting = setting;
        this.maxAccountLength = maxAccountLength;
        this.maxDatabaseLength = maxDatabaseLength;
    }

    /** The target's {@code engine} setting: {@code mysql} (MariaDB too) or {@code postgresql}. */
    public static DbEngine fromSetting(String field, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "mysql", "mariadb" -> MYSQL;
            case "postgresql", "postgres" -> POSTGRESQL;
            default -> throw invalid(field, "must be mysql or postgresql");
        };
    }

    public String setting() {
        return setting;
    }

    /** Longest name a managed account may have: the engine's limit less room for {@value #CLONE_SUFFIX}. */
    public int maxBaseNameLength() {
        return maxAccountLength - CLONE_SUFFIX.length();
    }

    /**
     * Checks a managed account name. A dual pair needs room for the clone, so names are held to
     * {@link #maxBaseNameLength()} unless they already are a clone's name.
     */
    public String checkAccountName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw RotatorException.missing(field);
        }
        if (!ACCOUNT.matcher(name).matches()) {
            throw invalid(field, "must start with a letter and hold only letters, digits and underscores");
        }
        int limit = name.endsWith(CLONE_SUFFIX) ? maxAccountLength : maxBaseNameLength();
        if (name.length() > limit) {
            throw invalid(field, "must be at most " + limit + " characters on " + setting + " (" + maxAccountLength
                    + " counting the " + CLONE_SUFFIX + " suffix of the clone)");
        }
        if (this == POSTGRESQL && name.toLowerCase(Locale.ROOT).startsWith("pg_")) {
            throw invalid(field, "must not start with pg_ (reserved by PostgreSQL)");
        }
        return name;
    }

    public String checkDatabaseName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw RotatorException.missing(field);
        }
        if (!DATABASE.matcher(name).matches()) {
            throw invalid(field, "must hold only letters, digits, '_', '-' and '$' and not start with '-' or '$'");
        }
        if (name.length() > maxDatabaseLength) {
            throw invalid(field, "must be at most " + maxDatabaseLength + " characters on " + setting);
        }
        return name;
    }

    /** An identifier quoted for this engine: {@code `a``b`} or {@code "a""b"}. */
    public String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw invalid("identifier", "must not contain a NUL character");
        }
        return switch (this) {
            case MYSQL -> "`" + identifier.replace("`", "``") + "`";
            case POSTGRESQL -> "\"" + identifier.replace("\"", "\"\"") + "\"";
        };
    }

    /** The clone of a dual pair: {@code name_clone}. */
    public static String cloneOf(String name) {
        return name + CLONE_SUFFIX;
    }

    /** The primary of a dual pair, from either of its names. */
    public static String primaryOf(String name) {
        return name.endsWith(CLONE_SUFFIX) ? name.substring(0, name.length() - CLONE_SUFFIX.length()) : name;
    }
}
