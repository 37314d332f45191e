package dev.rotator.worker.api.admin;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import org.eclipse.jetty.util.URIUtil;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Where an /admin/v1 request points: its route, and the secret name, target id or AccessKeyId in the path. A secret name may
 * hold '/', so it is everything between {@code secrets/} and the last segment, percent-decoded ({@code %2F} or a
 * plain '/' alike). The route's action name is what logs and errors call the request.
 */
record AdminPath(Route route, String subject) {
    private static final String SECRETS = "secrets/";
    private static final String TARGETS = "targets/";
    private static final String TARGET_SECRETS = "/secrets";
    private static final String ACCESS_KEYS = "access-keys";
    private static final String DISABLE = "/disable";

    enum Route {
        TARGETS("GET", "ListTargets"),
        CREATE_BULK_SECRETS("POST", "CreateBulkSecrets"),
        ROTATION_STATE("GET", "GetRotationState"),
        EVENTS("GET", "ListRotationEvents"),
        ROTATE("POST", "RotateSecretNow"),
        DRY_RUN("POST", "DryRunRotation"),
        LIST_ACCESS_KEYS("GET", "ListAccessKeys"),
        CREATE_ACCESS_KEY("POST", "CreateAccessKey"),
        DISABLE_ACCESS_KEY("POST", "DisableAccessKey");

        private final String method;
        private final String action;

        Route(String method, String action) {
            this.method = method;
            this.action = action;
        }
    }

    String action() {
        return route.action;
    }

    /**
     * @param rawPath the request path as sent (still percent-encoded)
     * @throws RotatorException InvalidAction.NotFound (404) for a path or method that is no admin action
     */
    static AdminPath match(String method, String rawPath) {
        String rest = rawPath.startsWith(AdminApi.PREFIX) ? rawPath.substring(AdminApi.PREFIX.length()) : "";
        AdminPath path;
        if (rest.equals("targets")) {
            path = new AdminPath(Route.TARGETS, null);
        } else if (rest.startsWith(TARGETS) && rest.endsWith(TARGET_SECRETS)
                && rest.length() > TARGETS.length() + TARGET_SECRETS.length()) {
            String id = decode("TargetId", rest.substring(TARGETS.length(), rest.length() - TARGET_SECRETS.length()));
            path = new AdminPath(Route.CREATE_BULK_SECRETS, id);
        } else if (rest.equals(ACCESS_KEYS)) {
            path = new AdminPath("POST".equals(method) ? Route.CREATE_ACCESS_KEY : Route.LIST_ACCESS_KEYS, null);
        } else if (rest.startsWith(ACCESS_KEYS + "/") && rest.endsWith(DISABLE)
                && rest.length() > ACCESS_KEYS.length() + 1 + DISABLE.length()) {
            String id = decode("AccessKeyId", rest.substring(ACCESS_KEYS.length() + 1, rest.length() - DISABLE.length()));
            path = new AdminPath(Route.DISABLE_ACCESS_KEY, id);
        } else if (rest.startsWith(SECRETS)) {
            int last = rest.lastIndexOf('/'); // at least the one ending "secrets/"
            String name = decode("SecretName", rest.substring(SECRETS.length(), Math.max(last, SECRETS.length())));
            path = switch (rest.substring(last + 1)) {
                case "rotation" -> new AdminPath(Route.ROTATION_STATE, name);
                case "events" -> new AdminPath(Route.EVENTS, name);
                case "rotate" -> new AdminPath(Route.ROTATE, name);
                case "dry-run" -> new AdminPath(Route.DRY_RUN, name);
                default -> throw notFound();
            };
        } else {
            throw notFound();
        }
        if (!path.route.method.equals(method)) {
            throw new RotatorException(ErrorCode.ACTION_NOT_FOUND, path.action() + " is " + path.route.method
                    + " only.");
        }
        return path;
    }

    private static String decode(String field, String encoded) {
        try {
            return URIUtil.decodePath(encoded);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "is not validly percent-encoded in the path");
        }
    }

    private static RotatorException notFound() {
        return new RotatorException(ErrorCode.ACTION_NOT_FOUND, "No such admin resource: see GET /admin/v1/targets, "
                + "POST /admin/v1/targets/{id}/secrets, GET /admin/v1/secrets/{name}/rotation|events, "
                + "POST /admin/v1/secrets/{name}/rotate|dry-run, "
                + "/admin/v1/access-keys.");
    }
}
