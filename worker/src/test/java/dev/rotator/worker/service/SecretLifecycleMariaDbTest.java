package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class SecretLifecycleMariaDbTest extends SecretLifecycleContract {
    SecretLifecycleMariaDbTest() {
        super(TestDatabases.MARIADB);
    }
}
