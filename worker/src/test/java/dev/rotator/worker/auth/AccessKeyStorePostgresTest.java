package dev.rotator.worker.auth;

import dev.rotator.worker.testing.TestDatabases;

class AccessKeyStorePostgresTest extends AccessKeyStoreContract {
    AccessKeyStorePostgresTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
