package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class SecretListingMariaDbTest extends SecretListingContract {
    SecretListingMariaDbTest() {
        super(TestDatabases.MARIADB);
    }
}
