package dev.rotator.ram;

import com.aliyun.ram20150501.Client;
import com.aliyun.ram20150501.models.CreateAccessKeyRequest;
import com.aliyun.ram20150501.models.CreateAccessKeyResponseBody;
import com.aliyun.ram20150501.models.DeleteAccessKeyRequest;
import com.aliyun.ram20150501.models.ListAccessKeysRequest;
import com.aliyun.ram20150501.models.ListAccessKeysResponseBody;
import com.aliyun.ram20150501.models.UpdateAccessKeyRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The four RAM calls a rotation needs, made with the official SDK ({@code com.aliyun:ram20150501}) signed by one
 * AccessKey: ListAccessKeys, CreateAccessKey, UpdateAccessKey, DeleteAccessKey. RAM's refusals become
 * {@link RotatorException}s that name the call, RAM's code and its message (RAM never echoes a secret); a
 * refusal is final (4xx), trouble reaching RAM or inside it may pass (5xx, retried by the engine).
 */
final class RamApi {
    private static final int TIMEOUT_MILLIS = 10_000;
    /** RAM's code for a signed, authenticated call the caller's policies do not allow. */
    static final String NO_PERMISSION = "NoPermission";

    /** A key as ListAccessKeys shows it (no secret). */
    record Key(String id, boolean active, Instant created) {
    }

    private final Client client;
    private final String signer;
    private final String signerKeyId;

    /** @param signer how messages name the signing key ("the management AccessKey of target 'x'") */
    RamApi(RamEndpoint endpoint, AccessKey credential, String signer) {
        this.signer = signer;
        this.signerKeyId = credential.id();
        try {
            this.client = new Client(new Config().setAccessKeyId(credential.id())
                    .setAccessKeySecret(credential.secret()).setEndpoint(endpoint.authority())
                    .setProtocol(endpoint.protocol()).setConnectTimeout(TIMEOUT_MILLIS).setReadTimeout(TIMEOUT_MILLIS));
        } catch (Exception e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "cannot make a RAM client for " + endpoint + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** The AccessKeyId that signs this client's calls. */
    String signerKeyId() {
        return signerKeyId;
    }

    /** The user's keys, oldest first. */
    List<Key> list(String user) {
        ListAccessKeysResponseBody body = call("ListAccessKeys", user, () -> client.listAccessKeys(
                new ListAccessKeysRequest().setUserName(user)).getBody());
        List<Key> keys = new ArrayList<>();
        if (body != null && body.getAccessKeys() != null && body.getAccessKeys().getAccessKey() != null) {
            for (var k : body.getAccessKeys().getAccessKey()) {
                keys.add(new Key(k.getAccessKeyId(), "Active".equalsIgnoreCase(k.getStatus()),
                        parseDate(k.getCreateDate())));
            }
        }
        keys.sort(Comparator.comparing(Key::created));
        return keys;
    }

    AccessKey create(String user) {
        CreateAccessKeyResponseBody body = call("CreateAccessKey", user, () -> client.createAccessKey(
                new CreateAccessKeyRequest().setUserName(user)).getBody());
        if (body == null || body.getAccessKey() == null || body.getAccessKey().getAccessKeyId() == null
                || body.getAccessKey().getAccessKeySecret() == null) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "RAM CreateAccessKey for user '" + user
                    + "' answered without an AccessKey");
        }
        var k = body.getAccessKey();
        return new AccessKey(k.getAccessKeyId(), k.getAccessKeySecret(), parseDate(k.getCreateDate()));
    }

    void deactivate(String user, String keyId) {
        call("UpdateAccessKey", user, () -> client.updateAccessKey(new UpdateAccessKeyRequest().setUserName(user)
                .setUserAccessKeyId(keyId).setStatus("Inactive")));
    }

    void delete(String user, String keyId) {
        call("DeleteAccessKey", user, () -> client.deleteAccessKey(new DeleteAccessKeyRequest().setUserName(user)
                .setUserAccessKeyId(keyId)));
    }

    private <T> T call(String action, String user, Callable<T> body) {
        try {
            return body.call();
        } catch (TeaException e) {
            throw refused(action, user, e);
        } catch (Exception e) {
            // Connection refused, timeouts, a non-JSON answer: worth another attempt.
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "RAM " + action + " for user '" + user
                    + "' failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private RamRefusal refused(String action, String user, TeaException e) {
        int status = statusOf(e);
        Object message = e.getData() == null ? null : e.getData().get("Message");
        String text = "RAM " + action + " for user '" + user + "' signed by " + signer + " was refused: "
                + e.getCode() + " (" + (message != null ? message : e.getMessage()) + ")";
        ErrorCode code;
        if (NO_PERMISSION.equals(e.getCode())) {
            code = ErrorCode.NO_PERMISSION;
            text += "; the key needs ram:" + action + " on the user";
        } else if (status >= 500 || status == 0) {
            code = ErrorCode.ROTATION_FAILED;
        } else if ("EntityNotExist.User".equals(e.getCode())) {
            code = ErrorCode.RESOURCE_NOT_FOUND;
        } else {
            code = ErrorCode.INVALID_PARAMETER;
        }
        return new RamRefusal(code, text, e.getCode());
    }

    /** RAM answered with an error: {@link #ramCode} is its code (NoPermission, InvalidAccessKeyId.Inactive ...). */
    static final class RamRefusal extends RotatorException {
        private final String ramCode;

        RamRefusal(ErrorCode code, String message, String ramCode) {
            super(code, message);
            this.ramCode = ramCode;
        }

        String ramCode() {
            return ramCode;
        }
    }

    /** The HTTP status the SDK put in the error's data (every Tea version does, unlike getStatusCode). */
    static int statusOf(TeaException e) {
        Map<String, Object> data = e.getData();
        Object status = data == null ? null : data.get("statusCode");
        return status instanceof Number n ? n.intValue() : 0;
    }

    private static Instant parseDate(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
