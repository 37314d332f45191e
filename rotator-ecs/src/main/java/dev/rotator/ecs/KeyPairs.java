package dev.rotator.ecs;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;

/**
 * Makes the key pairs of SSHKey rotations, in the worker: the private key never leaves it but inside the secret.
 * Ed25519 private keys are written in OpenSSH's own format ({@code BEGIN OPENSSH PRIVATE KEY}), RSA ones as PEM
 * ({@code BEGIN RSA PRIVATE KEY}, PKCS#1), both unencrypted, which OpenSSH and the common SSH libraries read; the
 * public key is one {@code authorized_keys} line whose comment names the secret.
 */
final class KeyPairs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {
    }

    /** @param comment the public key's comment (letters, digits and {@code _/+=.-@}, as secret names are) */
    static EcsLogin generate(String userName, EcsConfig.KeySpec spec, String comment) {
        try {
            KeyPair pair;
            if (spec.rsa()) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(new RSAKeyGenParameterSpec(spec.bits(), RSAKeyGenParameterSpec.F4), RANDOM);
                pair = g.generateKeyPair();
            } else {
                KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
                g.initialize(255, RANDOM);
                pair = g.generateKeyPair();
            }
            AsymmetricKeyParameter publicKey = PublicKeyFactory.createKey(pair.getPublic().getEncoded());
            AsymmetricKeyParameter privateKey = PrivateKeyFactory.createKey(pair.getPrivate().getEncoded());
            String type = spec.rsa() ? "ssh-rsa" : "ssh-ed25519";
            String publicLine = type + " " + Base64.getEncoder().encodeToString(
                    OpenSSHPublicKeyUtil.encodePublicKey(publicKey)) + " " + comment;
            String pem = pem(spec.rsa() ? "RSA PRIVATE KEY" : "OPENSSH PRIVATE KEY",
                    OpenSSHPrivateKeyUtil.encodePrivateKey(privateKey));
            return EcsLogin.keyPair(userName, publicLine, pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make " + spec.type() + " keys", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
