package dev.rotator.worker.kms;

import com.aliyun.kms20160120.Client;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.tls.Pem;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * An Alibaba KMS instance this worker is a client of, through the official kms20160120 SDK, configured as an
 * application would configure it (endpoint, protocol, {@code config.ca}, AccessKey). Every call goes through
 * {@link #call}, which turns what the SDK throws into a {@link RotatorException} that names the instance's
 * endpoint: unreachable is 503 ServiceUnavailable (worth retrying), a refusal keeps the instance's code.
 * Messages hold the instance's own message, never a request's values nor the AccessKey secret.
 */
public final class RemoteKms {
    /** A call through the SDK client. */
    @FunctionalInterface
    public interface SdkCall<T> {
        T call(Client client) throws Exception;
    }

    private final Client client;
    private final String url;
    private final String instanceId;

    RemoteKms(Client client, String url, String instanceId) {
        this.client = client;
        this.url = url;
        this.instanceId = instanceId;
    }

    /**
     * The client for the configured instance; the AccessKey secret comes from its file or from the variable in
     * {@code env}. A setting that cannot be used is an IllegalArgumentException naming it.
     */
    public static RemoteKms connect(WorkerConfig.KmsInstance settings, Map<String, String> env) {
        String text = settings.endpoint().trim().replaceFirst("/$", "");
        boolean http = text.startsWith("http://");
        String hostPort = text.replaceFirst("^https?://", "");
        if (!hostPort.matches(".*:[0-9]+") && !hostPort.endsWith("]")) {
            hostPort = hostPort + (http ? ":80" : ":443");
        }
        String url = (http ? "http://" : "https://") + hostPort;
        try {
            Config config = new Config().setAccessKeyId(settings.accessKeyId())
                    .setAccessKeySecret(accessKeySecret(settings, env)).setEndpoint(hostPort)
                    .setProtocol(http ? "HTTP" : "HTTPS").setConnectTimeout(5_000).setReadTimeout(30_000);
            if (!settings.caFile().isBlank()) {
                config.setCa(readCa(settings.caFile()));
            }
            return new RemoteKms(new Client(config), url, settings.instanceId());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) { // the SDK declares Exception; a config it refuses names no value of ours
            throw new IllegalArgumentException("configuration: kmsInstance: the client for " + url
                    + " cannot be made: " + e.getMessage());
        }
    }

    /** Where the instance answers, as messages name it: {@code https://host:port}. */
    public String url() {
        return url;
    }

    /** The configured instance id (DKMSInstanceId), empty when none is set. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Runs {@code call}; {@code what} says what it was for in messages ("GenerateDataKey for secret 'x'").
     *
     * @throws RotatorException SERVICE_UNAVAILABLE when the instance cannot be reached or fails, else the code the
     *                          instance answered (INTERNAL_FAILURE for one this worker does not know)
     */
    public <T> T call(String what, SdkCall<T> call) {
        try {
            return call.call(client);
        } catch (Exception e) {
            throw translate(what, e);
        }
    }

    /** The instance's error code of a failure {@link #call} threw, if the instance answered with one. */
    public static Optional<String> remoteCode(RotatorException e) {
        return e instanceof Refused r ? Optional.of(r.remoteCode) : Optional.empty();
    }

    private RotatorException translate(String what, Exception thrown) {
        // The SDK wraps transport failures in Tea exceptions without a code: the cause says what happened.
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return new RotatorException(ErrorCode.SERVICE_UNAVAILABLE, "the KMS instance at " + url + " "
                        + transportProblem(io) + ": " + what + " was not done");
            }
        }
        if (thrown instanceof TeaException tea && tea.getCode() != null) {
            Object message = tea.getData() == null ? null : tea.getData().get("Message");
            ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(tea.getCode())).findFirst()
                    .orElse(ErrorCode.INTERNAL_FAILURE);
            if (code.httpStatus() >= 500) {
                code = ErrorCode.SERVICE_UNAVAILABLE;
            }
            return new Refused(code, tea.getCode(), "the KMS instance at " + url + " refused " + what + ": "
                    + tea.getCode() + (message == null ? "" : " (" + message + ")"));
        }
        return new RotatorException(ErrorCode.SERVICE_UNAVAILABLE, "the KMS instance at " + url + " failed " + what
                + ": " + thrown.getClass().getSimpleName());
    }

    private static String transportProblem(IOException e) {
        if (e instanceof ConnectException) {
            return "is unreachable (connection refused)";
        }
        if (e instanceof UnknownHostException) {
            return "is unreachable (unknown host)";
        }
        if (e instanceof SocketTimeoutException) {
            return "did not answer in time";
        }
        if (e instanceof SSLException) {
            return "failed the TLS handshake (is kmsInstance.caFile the CA that signed its certificate?)";
        }
        return "is unreachable (" + e.getClass().getSimpleName() + ")";
    }

    private static String accessKeySecret(WorkerConfig.KmsInstance settings, Map<String, String> env) {
        if (!settings.accessKeySecretFile().isBlank()) {
            Path file = Path.of(settings.accessKeySecretFile());
            try {
                String secret = Files.readString(file).trim();
                if (secret.isEmpty()) {
                    throw new IllegalArgumentException("configuration: kmsInstance.accessKeySecretFile " + file
                            + " is empty");
                }
                return secret;
            } catch (IOException e) {
                throw new IllegalArgumentException("configuration: kmsInstance.accessKeySecretFile " + file
                        + " cannot be read: " + e.getClass().getSimpleName());
            }
        }
        String variable = settings.accessKeySecretEnv();
        String secret = env.get(variable);
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("configuration: kmsInstance.accessKeySecretEnv names " + variable
                    + ", which is not set in the environment");
        }
        return secret.trim();
    }

    private static String readCa(String file) {
        try {
            String pem = Files.readString(Path.of(file));
            if (Pem.readCertificates(pem).isEmpty()) {
                throw new IllegalArgumentException("configuration: kmsInstance.caFile " + file
                        + " holds no PEM certificate");
            }
            return pem;
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration: kmsInstance.caFile " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("configuration: kmsInstance.caFile " + file
                    + " is not a PEM certificate: " + e.getMessage());
        }
    }

    /** A refusal by the instance, which keeps the instance's own code for callers that act on it. */
    private static final class Refused extends RotatorException {
        private final String remoteCode;

        Refused(ErrorCode code, String remoteCode, String message) {
            super(code, message);
            this.remoteCode = remoteCode;
        }
    }

    @Override
    public String toString() {
        return "RemoteKms[" + url + "]";
    }
}
