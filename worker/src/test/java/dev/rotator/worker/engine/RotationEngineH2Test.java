package dev.rotator.worker.engine;

import dev.rotator.worker.testing.TestDatabases;

class RotationEngineH2Test extends RotationEngineContract {
    RotationEngineH2Test() {
        super(TestDatabases.H2);
    }
}
