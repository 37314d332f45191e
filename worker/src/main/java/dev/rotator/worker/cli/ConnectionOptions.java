package dev.rotator.worker.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** The options every command that talks to a worker takes: where it is, how to trust it, which AccessKey. */
final class ConnectionOptions {
    static final String ENV_ENDPOINT = "ROTATOR_ENDPOINT";

    @Option(names = "--endpoint", paramLabel = "HOST:PORT", description = "The worker's API (default "
            + Endpoint.DEFAULT + ", or " + ENV_ENDPOINT + "). http:// or https:// may lead.")
    String endpoint;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA certificate the worker's TLS certificate is "
            + "signed by (e.g. ca.pem of `rotator tls init`): speaks HTTPS and trusts that CA only.")
    Path ca;

    @Option(names = "--key-file", paramLabel = "FILE", description = "JSON file with AccessKeyId and AccessKeySecret. "
            + "Default: ROTATOR_ACCESS_KEY_ID and ROTATOR_ACCESS_KEY_SECRET if set, else the admin key file "
            + "data/admin-access-key.json under the working directory.")
    Path keyFile;

    WorkerConnection open() {
        return open(System.getenv());
    }

    /** The connection these options and the environment describe: flags win over the environment over defaults. */
    WorkerConnection open(Map<String, String> env) {
        return new WorkerConnection(endpoint(env), Credentials.resolve(keyFile, env));
    }

    Endpoint endpoint(Map<String, String> env) {
        if (endpoint != null) {
            return Endpoint.parse(endpoint, "--endpoint", ca);
        }
        String fromEnv = env.get(ENV_ENDPOINT);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Endpoint.parse(fromEnv, ENV_ENDPOINT, ca);
        }
        return Endpoint.parse(Endpoint.DEFAULT, "the default endpoint", ca);
    }
}
