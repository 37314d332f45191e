package dev.rotator.worker.keys;

import dev.rotator.worker.testing.TestDatabases;

class KeyServiceH2Test extends KeyServiceContract {
    KeyServiceH2Test() {
        super(TestDatabases.H2);
    }
}
