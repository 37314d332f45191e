package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class SecretLifecycleH2Test extends SecretLifecycleContract {
    SecretLifecycleH2Test() {
        super(TestDatabases.H2);
    }
}
