package dev.rotator.worker.api.admin;

import dev.rotator.core.spi.Target;

import java.util.Collection;
import java.util.List;

/**
 * The targets declared in the worker's configuration, as {@code GET /admin/v1/targets} lists them. The
 * configuration has no targets section yet (the rotator issues add one), so the worker passes an empty directory.
 */
@FunctionalInterface
public interface TargetDirectory {
    TargetDirectory NONE = List::of;

    List<Target> targets();

    static TargetDirectory of(Collection<Target> targets) {
        List<Target> copy = List.copyOf(targets);
        return () -> copy;
    }
}
