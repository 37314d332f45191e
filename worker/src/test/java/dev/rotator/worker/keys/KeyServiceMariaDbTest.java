package dev.rotator.worker.keys;

import dev.rotator.worker.testing.TestDatabases;

class KeyServiceMariaDbTest extends KeyServiceContract {
    KeyServiceMariaDbTest() {
        super(TestDatabases.MARIADB);
    }
}
