package dev.rotator.worker.api.openapi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The registry of actions the API serves, by wire name. */
public final class KmsActions {
    private final Map<String, KmsAction> byName;

    private KmsActions(Map<String, KmsAction> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static KmsActions of(KmsAction... actions) {
        return of(List.of(actions));
    }

    /** Refuses two actions with one name: a silent override would be a hard bug to find. */
    public static KmsActions of(Collection<? extends KmsAction> actions) {
        Map<String, KmsAction> byName = new TreeMap<>();
        for (KmsAction action : actions) {
            if (byName.put(action.name(), action) != null) {
                throw new IllegalArgumentException("two actions are named " + action.name());
            }
        }
        return new KmsActions(byName);
    }

    public Optional<KmsAction> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return new TreeMap<>(byName).keySet();
    }
}
