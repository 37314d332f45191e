package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class ValueOperationsPostgresTest extends ValueOperationsContract {
    ValueOperationsPostgresTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
