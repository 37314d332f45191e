package dev.rotator.worker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the rotator command line in this JVM as {@code main} would, capturing its output and exit status. */
record CliRun(int exitCode, String out, String err) {
    static final String KEY_ID = "RTAKTESTKEY0000000001";
    static final String KEY_SECRET = "cli-test-secret-Zq8vX3";

    /** Runs {@code args} against {@code worker} with the test AccessKey from a key file in {@code dir}. */
    static CliRun against(FakeWorker worker, Path dir, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", worker.endpoint(), "--key-file", keyFile(dir).toString()));
        return run(all.toArray(String[]::new));
    }

    static Path keyFile(Path dir) throws IOException {
        Path file = dir.resolve("test-key.json");
        if (!Files.exists(file)) {
            Files.writeString(file, "{\"AccessKeyId\":\"" + KEY_ID + "\",\"AccessKeySecret\":\"" + KEY_SECRET + "\"}");
        }
        return file;
    }

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Everything printed, for checks that a secret appears nowhere. */
    String all() {
        return out + err;
    }
}
