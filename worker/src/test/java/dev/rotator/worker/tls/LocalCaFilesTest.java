package dev.rotator.worker.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalCaFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesACaAndAServerCertificateItSignedForTheGivenNames() throws Exception {
        LocalCaFiles.Written w = LocalCaFiles.create(dir, List.of("127.0.0.1", "::1", "10.0.0.7"),
                List.of("localhost", "rotator.internal"), 90, false);

        X509Certificate ca = Pem.readCertificates(Files.readString(w.caCert())).get(0);
        List<X509Certificate> chain = Pem.readCertificates(Files.readString(w.serverCert()));
        X509Certificate server = chain.get(0);
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca);
        server.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).as("CA may sign").isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).as("server certificate is no CA").isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectAlternativeNames()).extracting(n -> n.get(0) + "=" + n.get(1))
                .containsExactlyInAnyOrder("7=127.0.0.1", "7=0:0:0:0:0:0:0:1", "7=10.0.0.7", "2=localhost",
                        "2=rotator.internal");
        Instant end = server.getNotAfter().toInstant();
        assertThat(end).isBetween(Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));
        assertThat(ca.getNotAfter().toInstant()).isAfter(end);
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnlyAndMatchTheirCertificates() throws Exception {
        LocalCaFiles.Written w = LocalCaFiles.create(dir, List.of("127.0.0.1"), List.of(), 1, false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.caKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.serverKey()))).isEqualTo("rw-------");
        assertThat(Files.readString(w.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----\n");
        ServerIdentity identity = ServerIdentity.load(w.serverCert(), w.serverKey());
        assertThat(identity.certificate()).isEqualTo(w.server());
    }

    @Test
    void existingFilesAreKeptUnlessForced() throws Exception {
        LocalCaFiles.Written first = LocalCaFiles.create(dir, List.of("127.0.0.1"), List.of(), 30, false);
        Map<Path, String> before = Map.of(first.caCert(), Files.readString(first.caCert()),
                first.caKey(), Files.readString(first.caKey()), first.serverKey(), Files.readString(first.serverKey()));

        assertThatThrownBy(() -> LocalCaFiles.create(dir, List.of("127.0.0.1"), List.of(), 30, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to overwrite").hasMessageContaining("ca.pem").hasMessageContaining("--force");
        before.forEach((file, text) -> assertThat(file).hasContent(text));

        LocalCaFiles.create(dir, List.of("127.0.0.1"), List.of(), 30, true);
        assertThat(Files.readString(first.caKey())).isNotEqualTo(before.get(first.caKey()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.caKey()))).isEqualTo("rw-------");
    }

    @Test
    void badNamesAndDaysAreRefusedNamingTheOptionAndNothingIsWritten() throws Exception {
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> LocalCaFiles.create(out, List.of("300.1.1.1"), List.of(), 30, false))
                .hasMessageContaining("--ip '300.1.1.1'");
        assertThatThrownBy(() -> LocalCaFiles.create(out, List.of(), List.of("bad name!"), 30, false))
                .hasMessageContaining("--dns 'bad name!'");
        assertThatThrownBy(() -> LocalCaFiles.create(out, List.of("127.0.0.1"), List.of(), 0, false))
                .hasMessageContaining("--days");
        assertThatThrownBy(() -> LocalCaFiles.create(out, List.of("127.0.0.1"), List.of(), LocalCaFiles.MAX_DAYS + 1,
                false)).hasMessageContaining("--days");
        assertThatThrownBy(() -> LocalCaFiles.create(out, List.of(), List.of(), 30, false))
                .hasMessageContaining("--ip or --dns");
        assertThat(out).doesNotExist();
        // Wildcards are host names too.
        LocalCaFiles.create(out, List.of(), List.of("*.rotator.internal"), 30, false);
    }
}
