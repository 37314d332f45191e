package dev.rotator.worker.store;

import java.util.Map;

/** The databases the store runs on, told apart by their JDBC URL. */
public enum Dialect {
    H2("h2", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate",
            Map.of("small_binary", "VARBINARY(512)", "large_binary", "VARBINARY(65536)",
                    "identity", "BIGINT AUTO_INCREMENT PRIMARY KEY", "large_text", "CLOB")),
    POSTGRESQL("postgresql", "dev.rotator.worker.schedule.PostgresQuartzDelegate",
            Map.of("small_binary", "BYTEA", "large_binary", "BYTEA", "identity", "BIGSERIAL PRIMARY KEY",
                    "large_text", "TEXT")),
    MYSQL("mysql", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate",
            Map.of("small_binary", "VARBINARY(512)", "large_binary", "MEDIUMBLOB",
                    "identity", "BIGINT AUTO_INCREMENT PRIMARY KEY", "large_text", "TEXT"));

    private final String migrationFolder;
    private final String quartzDelegate;
    private final Map<String, String> columnTypes;

    Dialect(String migrationFolder, String quartzDelegate, Map<String, String> columnTypes) {
        this.migrationFolder = migrationFolder;
        this.quartzDelegate = quartzDelegate;
        this.columnTypes = columnTypes;
    }

    public static Dialect fromJdbcUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        throw new IllegalArgumentException("store.url: unsupported database (use jdbc:h2:, jdbc:postgresql:, "
                + "jdbc:mariadb: or jdbc:mysql:)");
    }

    /** The store's schema is shared; Quartz's tables come in each database's own dialect. */
    public String[] migrationLocations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + migrationFolder};
    }

    /** Flyway placeholders for the column types the dialects spell differently. */
    public Map<String, String> columnTypes() {
        return columnTypes;
    }

    public String quartzDelegate() {
        return quartzDelegate;
    }

    /** Clustered Quartz needs a database every worker reaches; an embedded H2 file is one worker's. */
    public boolean supportsCluster() {
        return this != H2;
    }
}
