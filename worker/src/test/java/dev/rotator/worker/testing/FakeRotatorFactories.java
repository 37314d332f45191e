package dev.rotator.worker.testing;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;

/**
 * Test-scope rotator plug-ins, listed in src/test/resources/META-INF/services/dev.rotator.core.spi.RotatorFactory,
 * so that a real {@code Worker} started by a test rotates Rds and RAMCredentials secrets on a
 * {@link FakeAccountsRotator}. Each start makes new rotators; the test reads the ones of the worker it started last.
 */
public final class FakeRotatorFactories {
    private static volatile FakeAccountsRotator rds;
    private static volatile FakeAccountsRotator ram;

    private FakeRotatorFactories() {
    }

    /** The Rds rotator of the worker started last. */
    public static FakeAccountsRotator rds() {
        return rds;
    }

    /** The RAMCredentials rotator of the worker started last. */
    public static FakeAccountsRotator ram() {
        return ram;
    }

    public static final class Rds implements RotatorFactory {
        @Override
        public SecretType type() {
            return SecretType.RDS;
        }

        @Override
        public Rotator create(RotatorContext context) {
            FakeAccountsRotator rotator = new FakeAccountsRotator();
            rds = rotator;
            return rotator;
        }
    }

    public static final class RamCredentials implements RotatorFactory {
        @Override
        public SecretType type() {
            return SecretType.RAM_CREDENTIALS;
        }

        @Override
        public Rotator create(RotatorContext context) {
            FakeAccountsRotator rotator = new FakeAccountsRotator();
            ram = rotator;
            return rotator;
        }
    }
}
