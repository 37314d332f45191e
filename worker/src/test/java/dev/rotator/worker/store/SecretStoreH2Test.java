package dev.rotator.worker.store;

import dev.rotator.worker.testing.TestDatabases;

class SecretStoreH2Test extends SecretStoreContract {
    SecretStoreH2Test() {
        super(TestDatabases.H2);
    }
}
