package dev.rotator.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Stage labels. A label marks at most one version of a secret; a version may carry several. */
public final class Stages {
    public static final String CURRENT = "ACSCurrent";
    public static final String PREVIOUS = "ACSPrevious";
    /** Rotator's in-flight label (a custom label in Alibaba's terms). */
    public static final String PENDING = "ACSPending";

    /** Labels that can only be moved, never removed outright. */
    public static final Set<String> BUILT_IN = Set.of(CURRENT, PREVIOUS);

    /** Labels in the order responses list them: ACSCurrent, ACSPrevious, then the others by name. */
    public static List<String> ordered(Collection<String> stages) {
        return stages.stream().sorted(Comparator.comparingInt(Stages::rank).thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    private static int rank(String stage) {
        return stage.equals(CURRENT) ? 0 : stage.equals(PREVIOUS) ? 1 : 2;
    }

    private Stages() {
    }
}
