package dev.rotator.worker.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The server's certificate chain and private key, read from the PEM files of
 * {@code server.tls.certFile} and {@code server.tls.keyFile} into an in-memory key store for the
 * HTTPS connector. Every problem is refused at start-up with the setting named.
 */
public record ServerIdentity(KeyStore keyStore, String keyStorePassword, List<X509Certificate> chain) {
    public static final String CERT_SETTING = "server.tls.certFile";
    public static final String KEY_SETTING = "server.tls.keyFile";

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public static ServerIdentity load(Path certFile, Path keyFile) {
        List<X509Certificate> chain;
        try {
            chain = Pem.readCertificates(read(CERT_SETTING, certFile));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(CERT_SETTING + ": " + certFile + " is not a PEM certificate: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(CERT_SETTING + ": " + certFile + " holds no PEM certificate");
        }
        PrivateKey key = Pem.readPrivateKey(read(KEY_SETTING, keyFile)).orElseThrow(() -> new IllegalArgumentException(
                KEY_SETTING + ": " + keyFile + " holds no unencrypted PEM private key (PKCS#8, EC or RSA)"));
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException(KEY_SETTING + ": the private key in " + keyFile
                    + " does not belong to the certificate in " + CERT_SETTING + " (" + certFile + ")");
        }
        if (chain.get(0).getNotAfter().toInstant().isBefore(Instant.now())) {
            throw new IllegalArgumentException(CERT_SETTING + ": the certificate in " + certFile + " expired on "
                    + chain.get(0).getNotAfter().toInstant() + "; make a new one (rotator tls init --force)");
        }
        try {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getEncoder().encodeToString(random);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password.toCharArray(), chain.toArray(X509Certificate[]::new));
            return new ServerIdentity(store, password, List.copyOf(chain));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(CERT_SETTING + "/" + KEY_SETTING + ": the key store cannot hold this "
                    + "certificate and key: " + e.getMessage(), e);
        }
    }

    private static String read(String setting, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(setting + ": " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(setting + ": " + file + " cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": " + file + " cannot be read: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** Signs a random message with the key and verifies it with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey certKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException(KEY_SETTING + ": unsupported key type " + key.getAlgorithm()
                    + " (RSA, EC or Ed25519)");
        };
        try {
            // A certificate key of another type fails initVerify, which is a mismatch too.
            byte[] message = new byte[32];
            new SecureRandom().nextBytes(message);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
