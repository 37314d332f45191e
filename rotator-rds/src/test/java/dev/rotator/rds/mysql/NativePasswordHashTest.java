package dev.rotator.rds.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** mysql_native_password's stored form, as the server computes it ({@code PASSWORD('password')} on MariaDB). */
class NativePasswordHashTest {

    @Test
    void knownValues() {
        assertThat(MySqlAccountAdmin.nativePasswordHash("password")).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        assertThat(MySqlAccountAdmin.nativePasswordHash("")).isEqualTo("*BE1BDEC0AA74B4DCB079943E70528096CCA985F8");
    }

    /** The digest is cloned from one shared prototype: threads hashing at once still agree with one another. */
    @Test
    void threadsHashingAtOnceAgree() throws Exception {
        List<String> passwords = IntStream.range(0, 64).mapToObj(i -> "pw-" + i + "-é").toList();
        List<String> expected = passwords.stream().map(MySqlAccountAdmin::nativePasswordHash).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = IntStream.range(0, 8).mapToObj(r -> pool.submit(() ->
                    passwords.stream().map(MySqlAccountAdmin::nativePasswordHash).toList())).toList();
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
