package dev.rotator.worker.api.openapi.secrets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.GetRandomPasswordRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import dev.rotator.worker.testing.RunningWorker;
import dev.rotator.worker.testing.SdkCalls;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's whole log, at DEBUG for its own code, while secrets are created, read, given new versions,
 * rotated and refused through the API: no secret value, generated password or AccessKey secret appears in any
 * line, argument or stack trace.
 */
class NoSecretValueInLogsTest {
    private static String distinct(String what) {
        return what + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void noValueReachesTheLog() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger("dev.rotator");
        Level before = ours.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.setContext(context);
        log.start();
        root.addAppender(log);
        ours.setLevel(Level.DEBUG);
        List<String> values = new ArrayList<>();
        try {
            RunningWorker api = RunningWorker.start();
            try {
                values.add(api.adminSecret);
                exercise(api, values);
            } finally {
                api.close();
            }
        } finally {
            root.detachAppender(log);
            ours.setLevel(before);
            log.stop();
        }

        assertThat(log.list).as("the capture saw the API's own debug lines")
                .anyMatch(e -> e.getLoggerName().endsWith("KmsDispatcher") && e.getLevel() == Level.DEBUG);
        assertThat(values).hasSizeGreaterThanOrEqualTo(7);
        for (ILoggingEvent event : log.list) {
            String text = everything(event);
            for (String value : values) {
                if (text.contains(value)) {
                    throw new AssertionError("a secret value reached the log, in a line of " + event.getLoggerName()
                            + " at " + event.getLevel()); // the line itself is not repeated here: it holds the value
                }
            }
        }
    }

    /** Secrets created, read, put, rotated and refused: every value used is added to {@code values}. */
    private static void exercise(RunningWorker api, List<String> values) throws Exception {
        Client admin = api.admin();
        String first = distinct("first");
        String second = distinct("second");
        String refusedData = distinct("refused");
        String password = distinct("Pw");
        values.addAll(List.of(first, second, refusedData, password));

        admin.createSecret(new CreateSecretRequest().setSecretName("logs/app").setVersionId("v1").setSecretData(first));
        admin.getSecretValue(new GetSecretValueRequest().setSecretName("logs/app"));
        admin.putSecretValue(new PutSecretValueRequest().setSecretName("logs/app").setVersionId("v2").setSecretData(second));
        admin.getSecretValue(new GetSecretValueRequest().setSecretName("logs/app").setVersionStage("ACSPrevious"));
        SdkCalls.refused(() -> admin.putSecretValue(new PutSecretValueRequest().setSecretName("logs/app")
                .setVersionId("v2").setSecretData(refusedData)), 409, "Rejected.ResourceExist");
        SdkCalls.refused(() -> admin.createSecret(new CreateSecretRequest().setSecretName("logs/bad")
                .setVersionId("v1").setSecretData(refusedData).setSecretDataType("blob")), 400, "InvalidParameter");
        SdkCalls.refused(() -> admin.createSecret(new CreateSecretRequest().setSecretName("logs/bad")
                .setVersionId("v1").setSecretData(refusedData).setSecretDataType("binary")), 400, "InvalidParameter");

        admin.createSecret(new CreateSecretRequest().setSecretName("logs/db").setVersionId("v1").setSecretType("Rds")
                .setSecretData("{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"" + password + "\"}]}")
                .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1")));
        admin.rotateSecret(new RotateSecretRequest().setSecretName("logs/db").setVersionId("r1"));
        awaitCurrent(admin, "logs/db", "r1");
        String rotated = admin.getSecretValue(new GetSecretValueRequest().setSecretName("logs/db")).getBody().getSecretData();
        values.add(rotated.substring(rotated.indexOf("pw-")).replaceAll("\"}$", ""));

        values.add(admin.getRandomPassword(new GetRandomPasswordRequest().setExcludePunctuation("true")).getBody()
                .getRandomPassword());
    }

    private static void awaitCurrent(Client admin, String name, String versionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (admin.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name)).getBody().getVersionIds()
                .getVersionId().stream().noneMatch(v -> v.getVersionId().equals(versionId)
                        && v.getVersionStages().getVersionStage().contains("ACSCurrent"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the rotation of " + name + " did not finish");
            }
            Thread.sleep(50);
        }
    }

    /** The formatted line, its raw arguments, its MDC and the whole cause chain with messages. */
    private static String everything(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage()).append('\n');
        if (event.getArgumentArray() != null) {
            for (Object arg : event.getArgumentArray()) {
                text.append(arg).append('\n');
            }
        }
        text.append(event.getMDCPropertyMap()).append('\n');
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                text.append(frame.getSTEAsString()).append('\n');
            }
        }
        return text.toString();
    }
}
