package dev.rotator.worker.keys;

import dev.rotator.worker.testing.TestDatabases;

class KeyServicePostgresTest extends KeyServiceContract {
    KeyServicePostgresTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
