package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class ValueOperationsMariaDbTest extends ValueOperationsContract {
    ValueOperationsMariaDbTest() {
        super(TestDatabases.MARIADB);
    }
}
