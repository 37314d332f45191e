package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class SecretListingH2Test extends SecretListingContract {
    SecretListingH2Test() {
        super(TestDatabases.H2);
    }
}
