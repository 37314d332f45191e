package dev.rotator.worker.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * A small local certificate authority: a self-signed CA that issues server certificates with IP and
 * DNS subject alternative names, so clients can trust the worker through the CA alone (the SDK's
 * {@code config.ca}, which also checks that the endpoint host is one of those names). Keys are
 * ECDSA P-256.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Start validity a little in the past, so a client whose clock lags does not see a future certificate. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {
    }

    public static CertificateAuthority create(Duration validity, Instant now) {
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=Rotator local CA " + HexFormat.of().formatHex(randomBytes(4)));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(keys, sign(b, keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not make the CA certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /**
     * A server certificate for these names, valid from now for {@code validity} (never past the CA's own end).
     *
     * @param ips      IP address literals (v4 or v6)
     * @param dnsNames host names, "*.example.com" allowed
     */
    public Issued issueServer(List<String> ips, List<String> dnsNames, Duration validity, Instant now) {
        if (ips.isEmpty() && dnsNames.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one IP address or DNS name");
        }
        KeyPair server = newKeyPair();
        List<GeneralName> names = new ArrayList<>();
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        X500Name subject = new X500Name("CN=" + (dnsNames.isEmpty() ? ips.get(0) : dnsNames.get(0)));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, server.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(server.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate));
            return new Issued(sign(b, keys.getPrivate()), server.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not make the server certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 keys are not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** Positive, 127 bits of randomness, as RFC 5280 and the CA/B forum ask. */
    private static BigInteger serial() {
        return new BigInteger(1, randomBytes(16)).shiftRight(1);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
