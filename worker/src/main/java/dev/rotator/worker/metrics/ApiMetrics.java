package dev.rotator.worker.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code rotator_api_requests_total{action,code}}: API requests by action and outcome. The action
 * comes from the caller, so it is bounded: a name that is not shaped like an action counts as
 * "Invalid", a missing one as "Missing", and past {@value #MAX_ACTIONS} distinct names the rest
 * count as "Other", so that a client cannot grow the metric without end.
 */
public final class ApiMetrics {
    /** The code of a request that succeeded. */
    public static final String OK = "OK";
    static final int MAX_ACTIONS = 100;

    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Counter requests;
    private final Set<String> actionsSeen = ConcurrentHashMap.newKeySet();

    public ApiMetrics(MetricsRegistry registry) {
        requests = registry.counter("rotator_api_requests_total",
                "API requests by action and result code (OK, or the Alibaba error code answered).", "action", "code");
    }

    /**
     * Counts one answered request. Call it once per request, after the answer is known.
     *
     * @param action the request's Action parameter as received (may be null or garbage)
     * @param code   {@link #OK}, or the error code answered, e.g. {@code ErrorCode.code()} such as
     *               "Forbidden.ResourceNotFound"
     */
    public void record(String action, String code) {
        // OK and known actions skip the patterns: this runs on every request.
        boolean validCode = OK.equals(code) || (code != null && CODE.matcher(code).matches());
        requests.inc(actionLabel(action), validCode ? code : "Invalid");
    }

    private String actionLabel(String action) {
        if (action == null || action.isBlank()) {
            return "Missing";
        }
        if (actionsSeen.contains(action)) {
            return action;
        }
        if (!ACTION.matcher(action).matches()) {
            return "Invalid";
        }
        synchronized (actionsSeen) {
            if (actionsSeen.size() < MAX_ACTIONS) {
                actionsSeen.add(action);
            }
            return actionsSeen.contains(action) ? action : "Other";
        }
    }
}
