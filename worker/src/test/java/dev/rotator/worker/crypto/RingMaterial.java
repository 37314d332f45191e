package dev.rotator.worker.crypto;

/** Test bridge: a key's unwrapped material, which only tests may see, for tests outside this package. */
public final class RingMaterial {
    private RingMaterial() {
    }

    public static byte[] of(LocalKeyRing ring, String keyId) {
        return ring.materialForTest(keyId);
    }

    /** Wraps material as the ring stores it, for tests that write rows in an older layout. */
    public static byte[] wrapLikeTheRing(RootKey rootKey, String keyId, byte[] material) {
        return rootKey.wrap(material, ("rotator-cmk:" + keyId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
