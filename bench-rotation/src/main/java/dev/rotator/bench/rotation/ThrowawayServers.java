package dev.rotator.bench.rotation;

/**
 * The throwaway servers of scripts/test-servers.sh, found through the ROTATOR_TEST_* variables its env file exports
 * (bench/rotation.sh sources it, and starts the servers first when they are not running).
 */
public final class ThrowawayServers {
    private ThrowawayServers() {
    }

    /** {@code ROTATOR_TEST_<name>}, e.g. {@code PG_HOST}; a missing one stops the run with what to do. */
    public static String env(String name) {
        String key = "ROTATOR_TEST_" + name;
        String v = System.getenv(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(key + " is not set: run the benchmark through bench/rotation.sh, which "
                    + "starts the throwaway servers (scripts/test-servers.sh start) and sources their env file");
        }
        return v;
    }
}
