package dev.rotator.worker.crypto;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with the kms_keys table (H2 DDL from LocalKeyRing's javadoc). */
final class TestDb {
    private TestDb() {
    }

    static DataSource create() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:ring-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE kms_keys (
                        key_id           VARCHAR(64)  PRIMARY KEY,
                        key_spec         VARCHAR(32)  NOT NULL,
                        key_usage        VARCHAR(32)  NOT NULL,
                        key_state        VARCHAR(16)  NOT NULL,
                        description      VARCHAR(256),
                        wrapped_material VARBINARY(512),
                        created_at       BIGINT       NOT NULL
                    )""");
        }
        return ds;
    }
}
