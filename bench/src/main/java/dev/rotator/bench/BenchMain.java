package dev.rotator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator's command line (bench/run.sh drives it):
 * <pre>
 *   selfcheck
 *   create-secret --endpoint HOST:PORT --key-file admin-access-key.json --secret-name NAME
 *   run   --endpoint HOST:PORT --key-file F --secret-name NAME [--targets healthz,GetSecretValue]
 *         [--callers 1,16,64] [--warmup-seconds 5] [--seconds 10] [--rounds 1] [--out results.tsv]
 *         [--prewarm-seconds 30] [--prewarm-requests 200000]
 *         [--server-pid PID]   (the worker's process, for its CPU time per request)
 *   table results.tsv
 * </pre>
 * {@code run} exits 2 when any run had an error (a non-200 or a failed connection).
 */
public final class BenchMain {
    private static final Pattern JSON_FIELD = Pattern.compile("\"(AccessKeyId|AccessKeySecret)\"\\s*:\\s*\"([^\"]*)\"");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        AcsV3Signer.selfCheck();
        Map<String, String> flags = flags(args);
        int exit = switch (args[0]) {
            case "selfcheck" -> {
                System.out.println("signer reproduces openapi-wire.md §3.1 and §3.2");
                yield 0;
            }
            case "create-secret" -> createSecret(setup(flags));
            case "run" -> run(setup(flags), flags);
            case "table" -> {
                System.out.print(Table.markdown(Path.of(args[1])));
                yield 0;
            }
            default -> {
                usage();
                yield 64;
            }
        };
        System.exit(exit);
    }

    /** A Generic secret through the API, as the SDK's CreateSecret sends it. */
    private static int createSecret(LoadRun.Setup setup) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("SecretName", setup.secretName());
        query.put("VersionId", "v1");
        query.put("SecretDataType", "text");
        // A made-up value of a typical size; it is benchmark data, not a credential.
        query.put("SecretData", "{\"username\":\"bench\",\"password\":\"" + UUID.randomUUID() + "\"}");
        RequestFactory factory = new RequestFactory(new AcsV3Signer(setup.accessKeyId(), setup.accessKeySecret()),
                setup.endpoint());
        try (HttpConnection c = new HttpConnection(new java.net.InetSocketAddress(setup.host(), setup.port()))) {
            HttpConnection.Response r = c.exchange(factory.request("POST", "/", "CreateSecret", query), true);
            if (r.status() != 200) {
                System.err.println("CreateSecret failed: HTTP " + r.status() + " " + errorCode(r.bodyText()));
                return 1;
            }
        }
        System.out.println("created secret " + setup.secretName());
        return 0;
    }

    private static int run(LoadRun.Setup setup, Map<String, String> flags) throws Exception {
        List<Target> targets = new ArrayList<>();
        for (String t : flags.getOrDefault("targets", "healthz,GetSecretValue").split(",")) {
            targets.add(Target.parse(t.trim()));
        }
        List<Integer> levels = new ArrayList<>();
        for (String c : flags.getOrDefault("callers", "1,16,64").split(",")) {
            levels.add(Integer.parseInt(c.trim()));
        }
        Duration warmup = Duration.ofSeconds(Long.parseLong(flags.getOrDefault("warmup-seconds", "5")));
        Duration window = Duration.ofSeconds(Long.parseLong(flags.getOrDefault("seconds", "10")));
        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "1"));
        Path out = flags.containsKey("out") ? Path.of(flags.get("out")) : null;
        if (out != null && (!Files.exists(out) || Files.size(out) == 0)) {
            Files.writeString(out, RunResult.TSV_HEADER + "\n", StandardCharsets.UTF_8);
        }
        for (Target target : targets) {
            HttpConnection.Response probe = LoadRun.probe(setup, target);
            if (probe.status() != 200 || (target == Target.GET_SECRET_VALUE && !probe.bodyText().contains("\"SecretData\""))) {
                System.err.println(target.label() + " does not answer 200 with the expected body: HTTP "
                        + probe.status() + " " + errorCode(probe.bodyText()));
                return 1;
            }
        }
        boolean flagged = false;
        // The JIT compiles the server's hot path over many seconds, slower still on a busy machine: without
        // this, the first level measures compilation. Errors here count like any others.
        // It stops at a number of requests too: each signed one takes a place in the worker's replay cache.
        Duration prewarm = Duration.ofSeconds(Long.parseLong(flags.getOrDefault("prewarm-seconds", "30")));
        long prewarmRequests = Long.parseLong(flags.getOrDefault("prewarm-requests", "200000"));
        if (!prewarm.isZero()) {
            int most = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
            for (Target target : targets) {
                RunResult warm = LoadRun.run(setup, target, most, prewarm, Duration.ZERO, prewarmRequests);
                flagged |= warm.flagged();
                System.out.println("pre-warm " + target.label() + ": " + (warm.flagged() ? "FLAGGED " + warm.failures()
                        : "no errors"));
            }
        }
        // Endpoints alternate at each level, so background load on a shared machine hits both alike.
        for (int round = 1; round <= rounds; round++) {
            for (int callers : levels) {
                for (Target target : targets) {
                    RunResult result = LoadRun.run(setup, target, callers, warmup, window);
                    flagged |= result.flagged();
                    System.out.println((result.flagged() ? "FLAGGED " : "") + result.summary());
                    if (out != null) {
                        Files.writeString(out, result.tsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    }
                }
            }
        }
        return flagged ? 2 : 0;
    }

    private static LoadRun.Setup setup(Map<String, String> flags) throws IOException {
        String endpoint = require(flags, "endpoint");
        int colon = endpoint.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--endpoint: HOST:PORT, got " + endpoint);
        }
        Map<String, String> key = new HashMap<>();
        Matcher m = JSON_FIELD.matcher(Files.readString(Path.of(require(flags, "key-file"))));
        while (m.find()) {
            key.put(m.group(1), m.group(2));
        }
        if (!key.containsKey("AccessKeyId") || !key.containsKey("AccessKeySecret")) {
            throw new IllegalArgumentException("--key-file: needs AccessKeyId and AccessKeySecret (admin-access-key.json)");
        }
        return new LoadRun.Setup(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)),
                key.get("AccessKeyId"), key.get("AccessKeySecret"), flags.getOrDefault("secret-name", "bench-secret"),
                Long.parseLong(flags.getOrDefault("server-pid", "0")));
    }

    /** The Code of an Alibaba error body, without the rest (which could echo request data). */
    private static String errorCode(String body) {
        Matcher m = Pattern.compile("\"Code\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : "(no error code in the body)";
    }

    private static String require(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                flags.put(args[i].substring(2), args[++i]);
            }
        }
        return flags;
    }

    private static void usage() {
        System.err.println("usage: java -jar rotator-bench.jar selfcheck | create-secret ... | run ... | table FILE"
                + " (see bench/run.sh and docs/benchmarks.md)");
        System.exit(64);
    }
}
