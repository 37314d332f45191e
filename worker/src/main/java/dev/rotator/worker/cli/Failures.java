package dev.rotator.worker.cli;

import com.aliyun.tea.TeaException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/** Turns what a call to the worker threw into the CLI's own failures, each with its message and exit status. */
final class Failures {
    private Failures() {
    }

    static RuntimeException translate(Endpoint endpoint, Throwable thrown) {
        if (thrown instanceof ApiException || thrown instanceof CliException) {
            return (RuntimeException) thrown;
        }
        // The SDK wraps transport failures in Tea exceptions with no code: the cause says what happened.
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return unreachable(endpoint, io);
            }
        }
        if (thrown instanceof TeaException tea && tea.getCode() != null) {
            return new ApiException(tea.getCode(), serverMessage(tea), tea.getStatusCode() == null ? 0 : tea.getStatusCode());
        }
        String message = thrown.getMessage() == null ? thrown.getClass().getSimpleName() : thrown.getMessage();
        return new CliException(ExitCode.OTHER, "calling the worker at " + endpoint.url() + " failed: " + message);
    }

    /** The server's own Message: the SDK's getMessage() prefixes the status and appends the request id. */
    private static String serverMessage(TeaException tea) {
        Map<String, Object> data = tea.getData();
        Object message = data == null ? null : data.get("Message");
        return message != null ? message.toString() : String.valueOf(tea.getMessage());
    }

    static CliException unreachable(Endpoint endpoint, IOException e) {
        String where = "the worker at " + endpoint.url();
        if (e instanceof ConnectException) {
            return new CliException(ExitCode.UNREACHABLE, "cannot connect to " + where
                    + " (connection refused): is it running? Start it with `rotator serve`, or point --endpoint "
                    + "(or ROTATOR_ENDPOINT) at it");
        }
        if (e instanceof UnknownHostException) {
            return new CliException(ExitCode.UNREACHABLE, "cannot connect to " + where + ": unknown host");
        }
        if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
            return new CliException(ExitCode.UNREACHABLE, "no answer from " + where + " in time");
        }
        if (e instanceof SSLException) {
            return new CliException(ExitCode.UNREACHABLE, "TLS with " + where + " failed (" + e.getMessage()
                    + "): give the CA that signed its certificate with --ca, and use an address the certificate names");
        }
        return new CliException(ExitCode.UNREACHABLE, "cannot talk to " + where + ": " + e.getMessage());
    }
}
