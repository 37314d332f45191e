package dev.rotator.worker.store;

/** The databases the store runs on, told apart by their JDBC URL. */
public enum Dialect {
    H2("h2", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
    POSTGRESQL("postgresql", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"),
    MYSQL("mysql", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");

    private final String migrationFolder;
    private final String quartzDelegate;

    Dialect(String migrationFolder, String quartzDelegate) {
        this.migrationFolder = migrationFolder;
        this.quartzDelegate = quartzDelegate;
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

    public String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }

    public String quartzDelegate() {
        return quartzDelegate;
    }

    /** Clustered Quartz needs a database every worker reaches; an embedded H2 file is one worker's. */
    public boolean supportsCluster() {
        return this != H2;
    }
}
