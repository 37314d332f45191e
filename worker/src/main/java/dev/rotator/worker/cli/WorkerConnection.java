package dev.rotator.worker.cli;

import com.aliyun.kms20160120.Client;
import com.aliyun.teaopenapi.models.Config;

/**
 * One worker and one AccessKey: the official kms20160120 client for the KMS API, and the admin client
 * for /admin/v1. Every failure leaves here as an {@link ApiException} or a {@link CliException}.
 */
final class WorkerConnection {
    /** A call through the SDK client. */
    @FunctionalInterface
    interface SdkCall<T> {
        T call(Client client) throws Exception;
    }

    private final Endpoint endpoint;
    private final Credentials credentials;
    private Client kms;
    private AdminClient admin;

    WorkerConnection(Endpoint endpoint, Credentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** Runs an SDK call; its errors come back in the CLI's terms. */
    <T> T kms(SdkCall<T> call) {
        try {
            return call.call(kmsClient());
        } catch (Exception e) {
            throw Failures.translate(endpoint, e);
        }
    }

    AdminClient admin() {
        if (admin == null) {
            admin = new AdminClient(endpoint, credentials);
        }
        return admin;
    }

    private Client kmsClient() throws Exception {
        if (kms == null) {
            // Exactly what an application configures: endpoint, AccessKey, protocol and, for HTTPS, config.ca.
            Config config = new Config().setAccessKeyId(credentials.accessKeyId())
                    .setAccessKeySecret(credentials.accessKeySecret()).setEndpoint(endpoint.hostPort())
                    .setProtocol(endpoint.protocol()).setConnectTimeout(5_000).setReadTimeout(30_000);
            if (endpoint.caPem() != null) {
                config.setCa(endpoint.caPem());
            }
            kms = new Client(config);
        }
        return kms;
    }
}
