package dev.rotator.ram.testing;

import com.aliyun.ram20150501.Client;
import com.aliyun.ram20150501.models.ListAccessKeysRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;

import java.net.URI;

/** What an application holding an AccessKey notices: whether a call signed with it authenticates. */
public final class RamProbe {
    private RamProbe() {
    }

    /**
     * A ListAccessKeys of {@code user} signed by the key, through the official SDK: true when RAM accepts the
     * signature (NoPermission counts: the key authenticated, its policies are another matter).
     */
    public static boolean works(RamServer server, String user, String accessKeyId, String accessKeySecret) {
        return errorCode(server, user, accessKeyId, accessKeySecret) == null
                || "NoPermission".equals(errorCode(server, user, accessKeyId, accessKeySecret));
    }

    /** RAM's error code for a ListAccessKeys signed by the key, or null when it succeeds. */
    public static String errorCode(RamServer server, String user, String accessKeyId, String accessKeySecret) {
        try {
            URI uri = URI.create(server.endpoint());
            new Client(new Config().setAccessKeyId(accessKeyId).setAccessKeySecret(accessKeySecret)
                    .setEndpoint(uri.getHost() + ":" + uri.getPort()).setProtocol("HTTP"))
                    .listAccessKeys(new ListAccessKeysRequest().setUserName(user));
            return null;
        } catch (TeaException e) {
            return e.getCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
