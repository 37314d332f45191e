package dev.rotator.worker.store;

import dev.rotator.worker.testing.TestDatabases;

class SecretStoreMariaDbTest extends SecretStoreContract {
    SecretStoreMariaDbTest() {
        super(TestDatabases.MARIADB);
    }
}
