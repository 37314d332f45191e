package dev.rotator.core;

import java.util.Set;

/** Stage labels. A label marks at most one version of a secret; a version may carry several. */
public final class Stages {
    public static final String CURRENT = "ACSCurrent";
    public static final String PREVIOUS = "ACSPrevious";
    /** Rotator's in-flight label (a custom label in Alibaba's terms). */
    public static final String PENDING = "ACSPending";

    /** Labels that can only be moved, never removed outright. */
    public static final Set<String> BUILT_IN = Set.of(CURRENT, PREVIOUS);

    private Stages() {
    }
}
