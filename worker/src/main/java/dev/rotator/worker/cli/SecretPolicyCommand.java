package dev.rotator.worker.cli;

import com.aliyun.kms20160120.models.GetSecretPolicyRequest;
import com.aliyun.kms20160120.models.SetSecretPolicyRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code rotator secret policy get|set}: the secret's policy document (GetSecretPolicy, SetSecretPolicy). */
@Command(name = "policy", description = "Read or replace a secret's policy, which grants further AccessKeys.",
        subcommands = {SecretPolicyCommand.Get.class, SecretPolicyCommand.Set.class})
final class SecretPolicyCommand extends CommandGroup {

    /** Both subcommands name the secret and, optionally, its policy. */
    abstract static class PolicyNameCommand extends SecretNameCommand {
        @Option(names = "--policy-name", paramLabel = "NAME", description = "The policy's name (only `default` exists).")
        String policyName;
    }

    @Command(name = "get", description = "Print the secret's policy document (GetSecretPolicy).")
    static final class Get extends PolicyNameCommand {
        @Override
        int run(WorkerConnection worker) {
            GetSecretPolicyRequest request = new GetSecretPolicyRequest().setSecretName(name).setPolicyName(policyName);
            out().println(worker.kms(c -> c.getSecretPolicy(request)).getBody().getPolicy());
            return ExitCode.OK;
        }
    }

    @Command(name = "set", description = "Replace the secret's policy document (SetSecretPolicy).")
    static final class Set extends PolicyNameCommand {
        @Option(names = "--policy", paramLabel = "JSON", description = "The policy document. Without --policy and "
                + "--policy-file it is read from standard input.")
        String policy;

        @Option(names = "--policy-file", paramLabel = "FILE", description = "Read the policy document from FILE.")
        Path policyFile;

        @Override
        int run(WorkerConnection worker) throws IOException {
            String document = document();
            Json.object(policy != null ? "--policy" : policyFile != null ? "--policy-file" : "the policy on standard input",
                    document);
            SetSecretPolicyRequest request = new SetSecretPolicyRequest().setSecretName(name).setPolicy(document)
                    .setPolicyName(policyName);
            worker.kms(c -> c.setSecretPolicy(request));
            out().println("Set the policy of secret " + name);
            return ExitCode.OK;
        }

        private String document() throws IOException {
            if (policy != null && policyFile != null) {
                throw usage("give the policy with --policy or --policy-file, not both");
            }
            if (policy != null) {
                return policy;
            }
            if (policyFile != null) {
                try {
                    return Files.readString(policyFile);
                } catch (IOException e) {
                    throw usage("--policy-file " + policyFile + " cannot be read: " + e.getMessage());
                }
            }
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
