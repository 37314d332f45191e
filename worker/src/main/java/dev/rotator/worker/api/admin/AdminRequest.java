package dev.rotator.worker.api.admin;

import dev.rotator.worker.auth.Principal;

import java.util.Map;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * One authenticated /admin/v1 request: who sent it, the secret name or key id its path names (percent-decoded,
 * null when it names none), its query parameters and its body.
 */
record AdminRequest(Principal caller, String subject, Map<String, String> query, byte[] body) {

    /** Refuses a query parameter the action does not take, naming it. */
    void onlyParams(Set<String> taken) {
        for (String given : query.keySet()) {
            if (!taken.contains(given)) {
                throw invalid(JsonBody.quotable(given) ? given : "query", "unknown parameter (this action takes "
                        + (taken.isEmpty() ? "none" : String.join(", ", taken.stream().sorted().toList())) + ")");
            }
        }
    }

    String param(String name) {
        return query.get(name);
    }

    JsonBody json(Set<String> fields) {
        return JsonBody.parse(body, fields);
    }
}
