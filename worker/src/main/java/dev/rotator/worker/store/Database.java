package dev.rotator.worker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** The store's connection pool, with the schema migrated to the latest version on open. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public static Database open(String url, String user, String password, int poolSize) {
        Dialect dialect = Dialect.fromJdbcUrl(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("rotator-store");
        // Fail fast at start-up, but let a running worker wait out a short database restart.
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(5_000);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(ds)
                    .locations(dialect.migrationLocations())
                    .placeholders(dialect.columnTypes())
                    .table("rotator_schema_history")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, dialect);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
