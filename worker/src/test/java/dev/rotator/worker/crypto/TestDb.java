package dev.rotator.worker.crypto;

import dev.rotator.worker.store.Database;

import javax.sql.DataSource;
import java.util.UUID;

/** A fresh in-memory H2 database with the store's real schema (kms_keys among it). */
final class TestDb {
    private TestDb() {
    }

    static DataSource create() {
        return Database.open("jdbc:h2:mem:ring-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2).dataSource();
    }
}
