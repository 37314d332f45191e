package dev.rotator.worker.engine;

import dev.rotator.worker.testing.TestDatabases;

class RotationEnginePostgresTest extends RotationEngineContract {
    RotationEnginePostgresTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
