package dev.rotator.worker.api.openapi.keys;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.ListKeysRequest;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AccessKeyStore.NewAccessKey;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.config.WorkerConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * A real worker (embedded H2 in a temporary data directory, a free port) whose ARNs name region
 * {@value #REGION} and account {@value #ACCOUNT}, with kms20160120 clients: the admin from the data
 * directory's admin-access-key.json, and a reader of the secret "granted" only.
 */
final class KeyApiWorker implements AutoCloseable {
    static final String REGION = "ap-southeast-1";
    static final String ACCOUNT = "1234567890123456";
    static final String ARN_PREFIX = "acs:kms:" + REGION + ":" + ACCOUNT + ":key/";

    final Worker worker;
    final String adminKeyId;
    final Client admin;
    final Client reader;

    KeyApiWorker(Path dataDir) throws Exception {
        WorkerConfig d = WorkerConfig.defaults();
        worker = Worker.start(new WorkerConfig(dataDir.toString(), new WorkerConfig.Server("127.0.0.1", 0), d.store(),
                d.scheduler(), d.rotation(), new WorkerConfig.Shutdown("1s"), new WorkerConfig.Kms(REGION, ACCOUNT)));
        JsonNode key = new ObjectMapper().readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
        adminKeyId = key.get("AccessKeyId").asText();
        admin = client(adminKeyId, key.get("AccessKeySecret").asText());
        NewAccessKey readerKey = worker.accessKeys().create("key-reader",
                PrincipalPolicy.reader(List.of("granted"), List.of(), List.of()));
        reader = client(readerKey.accessKeyId(), readerKey.accessKeySecret());
    }

    Client client(String accessKeyId, String secret) throws Exception {
        return new Client(new Config().setAccessKeyId(accessKeyId).setAccessKeySecret(secret)
                .setRegionId(REGION).setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
    }

    /** How many keys exist, as ListKeys counts them. */
    int keyCount() throws Exception {
        return admin.listKeys(new ListKeysRequest()).getBody().getTotalCount();
    }

    @Override
    public void close() {
        worker.close();
    }
}
