package dev.rotator.bench;

import java.util.Locale;

/** What the callers hit. The probes get the same signed headers as the API, so only the server's work differs. */
enum Target {
    /** POST /healthz with the SDK's headers and chunked empty body: the baseline. */
    HEALTHZ("POST", "/healthz"),
    /** GET /healthz with the same headers and no body. */
    HEALTHZ_GET("GET", "/healthz"),
    /** POST / GetSecretValue, signed as kms20160120 signs it. */
    GET_SECRET_VALUE("POST", "/");

    final String method;
    final String path;

    Target(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** How tables and flags name it: POST /healthz, GET /healthz, GetSecretValue. */
    String label() {
        return this == GET_SECRET_VALUE ? "GetSecretValue" : method + " " + path;
    }

    static Target parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "healthz", "post-healthz" -> HEALTHZ;
            case "get-healthz", "healthz-get" -> HEALTHZ_GET;
            case "getsecretvalue", "gsv" -> GET_SECRET_VALUE;
            default -> throw new IllegalArgumentException("target: one of healthz, get-healthz, GetSecretValue; got " + s);
        };
    }
}
