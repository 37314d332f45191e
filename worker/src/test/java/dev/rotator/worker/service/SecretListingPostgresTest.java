package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class SecretListingPostgresTest extends SecretListingContract {
    SecretListingPostgresTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
