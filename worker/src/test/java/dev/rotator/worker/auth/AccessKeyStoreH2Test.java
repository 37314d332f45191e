package dev.rotator.worker.auth;

import dev.rotator.worker.testing.TestDatabases;

class AccessKeyStoreH2Test extends AccessKeyStoreContract {
    AccessKeyStoreH2Test() {
        super(TestDatabases.H2);
    }
}
