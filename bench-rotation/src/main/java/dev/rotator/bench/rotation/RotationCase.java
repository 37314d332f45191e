package dev.rotator.bench.rotation;

import java.util.List;
import java.util.Optional;

/**
 * One target of the benchmark: a secret rotated through the real engine, and a twin rotated by the bare floor (the
 * same target commands and login issued directly, plus the two durable store writes). A Redis case plugs in here
 * the way the Rds one does. Each rotation runs to its end or throws.
 */
public interface RotationCase extends AutoCloseable {

    /** The table's row label, e.g. {@code mariadb}. */
    String name();

    /** One rotation of the engine's secret: RotationEngine.rotate, create to finish. */
    void engineRotation() throws Exception;

    /** One rotation of the floor's twin. */
    void floorRotation() throws Exception;

    /**
     * The target's statements the last rotation sent, normalised so that the engine's and the floor's compare equal
     * when they send the same (names of the two twins, password hashes and random names masked); empty when this
     * case does not trace.
     */
    default List<String> normalise(List<String> traced) {
        return traced;
    }

    /** Installs the statement recorder on the target's connections (see {@link SqlTrace}); empty: no trace. */
    default Optional<SqlTrace> startTrace() {
        return Optional.empty();
    }

    @Override
    void close();
}
