package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class SecretLifecyclePostgresTest extends SecretLifecycleContract {
    SecretLifecyclePostgresTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
