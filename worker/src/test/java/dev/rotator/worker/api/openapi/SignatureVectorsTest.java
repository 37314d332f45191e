package dev.rotator.worker.api.openapi;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.api.openapi.RequestAuthenticator.Authenticated;
import dev.rotator.worker.auth.AccessKeyStore.Credential;
import dev.rotator.worker.auth.NonceCache;
import dev.rotator.worker.auth.Principal;
import dev.rotator.worker.auth.PrincipalPolicy;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The requests the SDKs really sent (openapi-wire.md §3.1–3.3 and §4.1, docs/wire-classic-sdk.md),
 * byte for byte, verify with the AccessKey they were signed with; any change to what is signed fails.
 */
class SignatureVectorsTest {
    private static final String V3_GET = """
            POST /?SecretName=mysecret HTTP/1.1
            Authorization: ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=c8ba9765109a1c6e110df6143edc7a7bfcea5e5771fb0263eddde41875088d55
            x-acs-action: GetSecretValue
            host: 127.0.0.1:18081
            x-acs-date: 2026-11-30T21:17:54Z
            x-acs-version: 2016-01-20
            x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-signature-nonce: e6965d346e0e07f54c70421527ab86ee
            user-agent: AlibabaCloud (Linux; amd64) Java/17.0.15+6-Debian-1deb12u1 tea-util/0.2.21 TeaDSL/1
            accept: application/json
            Transfer-Encoding: chunked
            Connection: Keep-Alive
            Accept-Encoding: gzip
            """;

    private static final String V3_CREATE = """
            POST /?SecretName=my+secret%2F%C3%BC*%7E&VersionId=v1&Description=&EnableAutomaticRotation=false&SecretDataType=text&ExtendedConfig=%7B%22SecretSubType%22%3A%22SingleUser%22%7D&SecretData=%7B%22user%22%3A%22a+b%22%2C%22pw%22%3A%22x*y%7Ez%2B%2F%3D%C3%A9%22%7D&Tags=%5B%7B%22TagKey%22%3A%22k1%22%2C%22TagValue%22%3A%22v1%22%7D%5D HTTP/1.1
            Authorization: ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=48065d6748f6869cba1bc73eeccf4efcf6b4eec8efa2df2ba4a9fe2979e0dd4f
            x-acs-action: CreateSecret
            host: 127.0.0.1:18082
            x-acs-date: 2026-11-30T21:18:03Z
            x-acs-version: 2016-01-20
            x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-signature-nonce: ab1279a72e5de66fb1e812bfc111004c
            user-agent: AlibabaCloud (Linux; amd64) Java/17.0.15+6-Debian-1deb12u1 tea-util/0.2.21 TeaDSL/1
            accept: application/json
            Transfer-Encoding: chunked
            Connection: Keep-Alive
            Accept-Encoding: gzip
            """;

    private static final String V3_RAM = """
            POST /?UserName=alice HTTP/1.1
            Authorization: ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=63b092b99a28c2ae191d55521d669a0afe26a214eb4976377d103802f18d6e45
            x-acs-action: ListAccessKeys
            host: 127.0.0.1:18083
            x-acs-date: 2026-11-30T21:18:11Z
            x-acs-version: 2015-05-01
            x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-signature-nonce: ad51679415591a6db478d3040dd31593
            user-agent: AlibabaCloud (Linux; amd64) Java/17.0.15+6-Debian-1deb12u1 tea-util/0.2.21 TeaDSL/1
            accept: application/json
            Transfer-Encoding: chunked
            Connection: Keep-Alive
            Accept-Encoding: gzip
            """;

    /** The tea SDK with signatureAlgorithm="v2" (§4.1). */
    private static final String V2_TEA = """
            POST /?SecretName=my+secret*%7E&SignatureVersion=1.0&Action=GetSecretValue&Format=json&SignatureNonce=4e77e96aeb1b544475e17daa625f2dd2&Version=2016-01-20&AccessKeyId=testAK&Signature=AlmQsvGYhXoFgB6%2BX%2F85u1lN8FU%3D&SignatureMethod=HMAC-SHA1&Timestamp=2026-11-30T21%3A18%3A27Z HTTP/1.1
            x-acs-action: GetSecretValue
            host: 127.0.0.1:18085
            x-acs-version: 2016-01-20
            user-agent: AlibabaCloud (Linux; amd64) Java/17.0.15+6-Debian-1deb12u1 tea-util/0.2.21 TeaDSL/1
            Transfer-Encoding: chunked
            Connection: Keep-Alive
            Accept-Encoding: gzip
            """;

    /** The classic SDK, which signs the empty VersionStage (docs/wire-classic-sdk.md). */
    private static final String V2_CLASSIC = """
            POST /?VersionStage=&Action=GetSecretValue&Timestamp=2026-12-01T02%3A15%3A25Z&SecretName=my%20secret*%7E%2F%C3%A9%2B%26%3D&SignatureVersion=1.0&Format=JSON&SignatureNonce=b200735791feb2daff5fcfe2f9450c71&Version=2016-01-20&AccessKeyId=testAK&Signature=OQC%2BB83aciSPOuTZl8%2BI7eLWy%2Fc%3D&SignatureMethod=HMAC-SHA1&RegionId=cn-hangzhou&FetchExtendedConfig=true HTTP/1.1
            Accept-Encoding: identity
            x-sdk-invoke-type: normal
            Accept: application/json
            x-acs-action: GetSecretValue
            x-sdk-client: Java/2.0.0
            x-acs-version: 2016-01-20
            Content-Type: application/x-www-form-urlencoded
            Host: 127.0.0.1:40151
            Connection: Keep-Alive
            """;

    private static final Principal TEST_AK = new Principal("testAK", "test", PrincipalPolicy.admin());

    @Test
    void theCapturedV3GetSecretValueVerifies() {
        Authenticated a = authenticate(V3_GET, "2026-11-30T21:17:54Z", "testSecret");
        assertThat(a.principal()).isEqualTo(TEST_AK);
        assertThat(a.action()).isEqualTo("GetSecretValue");
        assertThat(a.version()).isEqualTo("2016-01-20");
        assertThat(a.params().required("SecretName")).isEqualTo("mysecret");
    }

    @Test
    void theCapturedV3CreateSecretWithAwkwardCharactersVerifiesAndDecodesAsSent() {
        Authenticated a = authenticate(V3_CREATE, "2026-11-30T21:18:03Z", "testSecret");
        assertThat(a.action()).isEqualTo("CreateSecret");
        assertThat(a.params().required("SecretName")).isEqualTo("my secret/ü*~");
        assertThat(a.params().required("SecretData")).isEqualTo("{\"user\":\"a b\",\"pw\":\"x*y~z+/=é\"}");
        assertThat(a.params().optional("Description")).contains("");
    }

    @Test
    void theCapturedV3RamRequestVerifies() {
        Authenticated a = authenticate(V3_RAM, "2026-11-30T21:18:11Z", "testSecret");
        assertThat(a.action()).isEqualTo("ListAccessKeys");
        assertThat(a.version()).isEqualTo("2015-05-01");
    }

    @Test
    void theCapturedTeaRpcRequestVerifiesAndKeepsOnlyTheActionsParameters() {
        Authenticated a = authenticate(V2_TEA, "2026-11-30T21:18:27Z", "testSecret");
        assertThat(a.action()).isEqualTo("GetSecretValue");
        assertThat(a.version()).isEqualTo("2016-01-20");
        assertThat(a.params().names()).containsExactly("SecretName");
        assertThat(a.params().required("SecretName")).isEqualTo("my secret*~");
    }

    @Test
    void theCapturedClassicSdkRequestVerifiesWithItsSignedEmptyValue() {
        Authenticated a = authenticate(V2_CLASSIC, "2026-12-01T02:15:25Z", "testSecret");
        assertThat(a.params().required("SecretName")).isEqualTo("my secret*~/é+&=");
        assertThat(a.params().optional("VersionStage")).contains("");
        assertThat(a.params().bool("FetchExtendedConfig", false)).isTrue();
    }

    @Test
    void theRightRequestWithAnotherSecretFails() {
        for (String vector : List.of(V3_GET, V3_CREATE, V3_RAM, V2_TEA, V2_CLASSIC)) {
            assertRefused(() -> authenticate(vector, timeOf(vector), "testSecreT"), ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        }
    }

    @Test
    void aChangedParameterValueFails() {
        assertRefusedChanged(V3_GET, "SecretName=mysecret", "SecretName=othersecret", ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertRefusedChanged(V3_CREATE, "VersionId=v1", "VersionId=v2", ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertRefusedChanged(V2_TEA, "SecretName=my+secret", "SecretName=my+secreT", ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertRefusedChanged(V2_CLASSIC, "FetchExtendedConfig=true", "FetchExtendedConfig=false",
                ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void anAddedParameterFails() {
        assertRefusedChanged(V3_GET, "?SecretName=mysecret", "?SecretName=mysecret&VersionStage=ACSPrevious",
                ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertRefusedChanged(V2_TEA, "?SecretName", "?VersionId=v9&SecretName", ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void aChangedSignedHeaderFails() {
        assertRefusedChanged(V3_GET, "x-acs-action: GetSecretValue", "x-acs-action: DeleteSecret",
                ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertRefusedChanged(V3_GET, "host: 127.0.0.1:18081", "host: 127.0.0.1:18082", ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertRefusedChanged(V3_GET, "e6965d346e0e07f54c70421527ab86ee", "e6965d346e0e07f54c70421527ab86ef",
                ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void aChangedSignatureFails() {
        assertRefusedChanged(V3_GET, "Signature=c8ba", "Signature=c8bb", ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertRefusedChanged(V2_TEA, "Signature=AlmQ", "Signature=AlmR", ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void anUnsignedExtraAcsHeaderIsRefused() {
        assertRefusedChanged(V3_GET, "accept: application/json", "x-acs-security-token: t", ErrorCode.INCOMPLETE_SIGNATURE);
    }

    @Test
    void aBodyThatIsNotTheHashedOneFails() {
        RotatorException e = refusal(() -> authenticator("2026-11-30T21:17:54Z", "testSecret")
                .authenticate(parse(V3_GET, "x".getBytes())));
        assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_DOES_NOT_MATCH);
        assertThat(e.getMessage()).contains("x-acs-content-sha256");
    }

    @Test
    void eachVectorIsAcceptedOnceOnly() {
        RequestAuthenticator authenticator = authenticator("2026-11-30T21:17:54Z", "testSecret");
        authenticator.authenticate(parse(V3_GET, new byte[0]));
        assertRefused(() -> authenticator.authenticate(parse(V3_GET, new byte[0])), ErrorCode.SIGNATURE_NONCE_USED);
    }

    @Test
    void aRequestFifteenMinutesAndOneSecondOldIsRefusedAndFifteenMinutesIsNot() {
        authenticate(V3_GET, "2026-11-30T21:32:54Z", "testSecret");
        authenticate(V3_GET, "2026-11-30T21:02:54Z", "testSecret");
        assertRefused(() -> authenticate(V3_GET, "2026-11-30T21:32:55Z", "testSecret"), ErrorCode.ILLEGAL_TIMESTAMP);
        assertRefused(() -> authenticate(V2_TEA, "2026-11-30T21:03:26Z", "testSecret"), ErrorCode.ILLEGAL_TIMESTAMP);
    }

    @Test
    void anUnknownAccessKeyIsNotFound() {
        RequestAuthenticator authenticator = new RequestAuthenticator(id -> Optional.empty(),
                new NonceCache(RequestAuthenticator.MAX_SKEW, 100), clockAt("2026-11-30T21:17:54Z"));
        assertRefused(() -> authenticator.authenticate(parse(V3_GET, new byte[0])), ErrorCode.ACCESS_KEY_NOT_FOUND);
    }

    @Test
    void garbledAuthorizationIsAnIncompleteSignature() {
        assertRefusedChanged(V3_GET, "ACS3-HMAC-SHA256 Credential", "ACS4-HMAC-SHA256 Credential",
                ErrorCode.INCOMPLETE_SIGNATURE);
        assertRefusedChanged(V3_GET, "Credential=testAK,", "", ErrorCode.INCOMPLETE_SIGNATURE);
        assertRefusedChanged(V3_GET, ",Signature=c8ba9765109a1c6e110df6143edc7a7bfcea5e5771fb0263eddde41875088d55", "",
                ErrorCode.INCOMPLETE_SIGNATURE);
        assertRefusedChanged(V3_GET, "Signature=c8ba9765", "Signature=zzzz9765", ErrorCode.INCOMPLETE_SIGNATURE);
        assertRefusedChanged(V3_GET, "host;", "", ErrorCode.INCOMPLETE_SIGNATURE);
        assertRefusedChanged(V2_TEA, "SignatureMethod=HMAC-SHA1", "SignatureMethod=HMAC-SHA256",
                ErrorCode.INCOMPLETE_SIGNATURE);
    }

    @Test
    void emptyValuesTheTeaRpcModeLeftUnsignedDoNotReachTheAction() {
        // The tea SDK's v2 mode sends Key= but signs without it (openapi-wire.md §4.1).
        Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("SecretName", "mysecret");
        query.put("Description", "");
        query.put("Action", "GetSecretValue");
        query.put("Version", "2016-01-20");
        query.put("Format", "json");
        query.put("AccessKeyId", "testAK");
        query.put("SignatureMethod", "HMAC-SHA1");
        query.put("SignatureVersion", "1.0");
        query.put("SignatureNonce", "n-1");
        query.put("Timestamp", "2026-11-30T21:18:27Z");
        query.put("Signature", RpcSignature.sign("testSecret", RpcSignature.stringToSign("POST", query, true)));
        WireRequest request = new WireRequest("POST", query, Map.of(), Map.of("host", "h"), new byte[0]);
        Authenticated a = authenticator("2026-11-30T21:18:27Z", "testSecret").authenticate(request);
        assertThat(a.params().names()).containsExactly("SecretName");
    }

    // --- helpers ---

    private static Authenticated authenticate(String raw, String now, String secret) {
        return authenticator(now, secret).authenticate(parse(raw, new byte[0]));
    }

    private static RequestAuthenticator authenticator(String now, String secret) {
        return new RequestAuthenticator(
                id -> id.equals("testAK") ? Optional.of(new Credential(TEST_AK, true, secret)) : Optional.empty(),
                new NonceCache(RequestAuthenticator.MAX_SKEW, 100), clockAt(now));
    }

    private static Clock clockAt(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** The time a vector was signed at, from its x-acs-date or Timestamp. */
    private static String timeOf(String raw) {
        var m = java.util.regex.Pattern.compile("(?:x-acs-date: |Timestamp=)(\\d{4}-\\d\\d-\\d\\dT\\d\\d(?::|%3A)\\d\\d(?::|%3A)\\d\\dZ)")
                .matcher(raw);
        assertThat(m.find()).isTrue();
        return m.group(1).replace("%3A", ":");
    }

    /** A captured request (request line, headers) as the server's HTTP layer hands it over. */
    static WireRequest parse(String raw, byte[] body) {
        String[] lines = raw.split("\n");
        String[] requestLine = lines[0].split(" ");
        String target = requestLine[1];
        String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : null;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new AbstractMap.SimpleImmutableEntry<>(lines[i].substring(0, colon),
                    lines[i].substring(colon + 1).trim()));
        }
        return WireRequest.of(requestLine[0], query, headers, body);
    }

    private static RotatorException refusal(Runnable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(t).isInstanceOf(RotatorException.class);
        return (RotatorException) t;
    }

    /**
     * The vector with {@code from} replaced by {@code to} (which must be in it), at its own signing time and with the
     * right secret, is refused with {@code code}.
     */
    private static void assertRefusedChanged(String vector, String from, String to, ErrorCode code) {
        assertThat(vector).contains(from);
        assertRefused(() -> authenticate(vector.replace(from, to), timeOf(vector), "testSecret"), code);
    }

    private static void assertRefused(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RotatorException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
