package dev.rotator.worker.store;

import dev.rotator.worker.testing.TestDatabases;

class SecretStorePostgresTest extends SecretStoreContract {
    SecretStorePostgresTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
