package dev.rotator.worker.auth;

import dev.rotator.worker.testing.TestDatabases;

class AccessKeyStoreMariaDbTest extends AccessKeyStoreContract {
    AccessKeyStoreMariaDbTest() {
        super(TestDatabases.MARIADB);
    }
}
