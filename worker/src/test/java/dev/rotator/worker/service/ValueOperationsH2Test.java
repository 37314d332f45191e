package dev.rotator.worker.service;

import dev.rotator.worker.testing.TestDatabases;

class ValueOperationsH2Test extends ValueOperationsContract {
    ValueOperationsH2Test() {
        super(TestDatabases.H2);
    }
}
