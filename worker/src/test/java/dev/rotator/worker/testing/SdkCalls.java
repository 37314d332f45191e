package dev.rotator.worker.testing;

import com.aliyun.kms20160120.Client;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Calls through the official client for what its typed models cannot send (a PageSize of "abc", the JSON
 * form of UpdateSecret's ExtendedConfig): its generic {@code callApi}, signed and sent exactly as the typed
 * calls are (V3, parameters in the query). And the one way tests expect an Alibaba error.
 */
public final class SdkCalls {
    private SdkCalls() {
    }

    /** POST /?{query} with {@code x-acs-action: action}; the parsed JSON body of a 2xx answer. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> call(Client client, String action, Map<String, String> query) throws Exception {
        Params params = new Params().setAction(action).setVersion("2016-01-20").setProtocol("HTTP").setPathname("/")
                .setMethod("POST").setAuthType("AK").setStyle("RPC").setReqBodyType("formData").setBodyType("json");
        Map<String, ?> answer = client.callApi(params, new OpenApiRequest().setQuery(Map.copyOf(query)),
                new RuntimeOptions());
        return (Map<String, Object>) answer.get("body");
    }

    /** The call fails as the SDK reports an Alibaba error: a TeaException with this HTTP status and code. */
    public static TeaException refused(ThrowingCallable call, int status, String code) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected %s %s", status, code).isInstanceOf(TeaException.class);
        TeaException e = (TeaException) t;
        assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getStatusCode()).as(e.getMessage()).isEqualTo(status);
        assertThat(e.getData()).containsEntry("Code", code).containsKey("RequestId").containsKey("Message");
        return e;
    }

    /** {@link #refused}, and the body has every field of the Alibaba error shape, HostId and HttpStatus too. */
    public static TeaException refusedInFull(ThrowingCallable call, int status, String code) {
        TeaException e = refused(call, status, code);
        assertThat(e.getData()).containsKeys("RequestId", "HostId", "Code", "Message", "HttpStatus");
        assertThat(((Number) e.getData().get("HttpStatus")).intValue()).isEqualTo(status);
        return e;
    }

    /** The Message of the Alibaba error. */
    public static String message(TeaException e) {
        return String.valueOf(e.getData().get("Message"));
    }
}
