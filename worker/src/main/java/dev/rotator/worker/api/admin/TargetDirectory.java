package dev.rotator.worker.api.admin;

import dev.rotator.core.spi.Target;

import java.util.Collection;
import java.util.List;

/** The targets declared in the worker's configuration, in its order, as {@code GET /admin/v1/targets} lists them. */
@FunctionalInterface
public interface TargetDirectory {
    TargetDirectory NONE = List::of;

    List<Target> targets();

    static TargetDirectory of(Collection<Target> targets) {
        List<Target> copy = List.copyOf(targets);
        return () -> copy;
    }
}
