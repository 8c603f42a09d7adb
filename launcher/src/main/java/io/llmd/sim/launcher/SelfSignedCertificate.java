package io.llmd.sim.launcher;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The Go simulator's {@code --self-signed-certs}: an RSA key and a certificate for it, made at
 * start and held in memory only, so that the launcher serves HTTPS without files. The certificate
 * names localhost, 127.0.0.1, ::1 and the host's own name and address, and is valid for a year
 * from a day ago (a client whose clock is a little behind still accepts it). Built with Bouncy
 * Castle's X.509 builder and signed by the JDK's own RSA provider.
 */
final class SelfSignedCertificate {
    private static final Duration VALIDITY = Duration.ofDays(365);

    private SelfSignedCertificate() {}

    /** A key store holding the new key and its certificate under {@link PemKeyStore#ALIAS}. */
    static KeyStore keyStore() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = certificate(pair);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    PemKeyStore.ALIAS, pair.getPrivate(), PemKeyStore.PASSWORD, new Certificate[] {certificate});
            return store;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(KeyPair pair)
            throws IOException, OperatorCreationException, GeneralSecurityException {
        X500Name name = new X500Name("CN=localhost, O=llm-d-inference-sim");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)),
                name,
                pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames()));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    /** The names a client on this machine or in its pod may use to reach the launcher. */
    private static GeneralName[] alternativeNames() {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        try {
            InetAddress host = InetAddress.getLocalHost();
            if (!host.getHostName().equals("localhost")) {
                names.add(new GeneralName(GeneralName.dNSName, host.getHostName()));
            }
            if (!host.isLoopbackAddress()) {
                names.add(new GeneralName(GeneralName.iPAddress, host.getHostAddress()));
            }
        } catch (IOException e) {
            // A host without a resolvable name is still reached as localhost.
        }
        return names.toArray(GeneralName[]::new);
    }
}
