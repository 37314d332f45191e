package dev.rotator.worker.engine;

import dev.rotator.worker.testing.TestDatabases;

class RotationEngineMariaDbTest extends RotationEngineContract {
    RotationEngineMariaDbTest() {
        super(TestDatabases.MARIADB);
    }
}
