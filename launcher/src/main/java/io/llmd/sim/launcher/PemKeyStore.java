package io.llmd.sim.launcher;

import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.Flag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vLLM's {@code --ssl-certfile} and {@code --ssl-keyfile} (PEM files, as uvicorn reads them) turned
 * into an in-memory key store for Jetty, with the JDK alone: X.509 certificates, and an
 * unencrypted private key in PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}) form.
 */
final class PemKeyStore {
    /** The in-memory store's password: it never leaves this process. */
    static final char[] PASSWORD = "llm-d-inference-sim".toCharArray();

    static final String ALIAS = "server";
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of the AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PemKeyStore() {}

    /** Reads both files; a {@link ConfigException} names the flag whose file is wrong. */
    static KeyStore load(Path certFile, Path keyFile) {
        List<Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile, chain.get(0).getPublicKey().getAlgorithm());
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new ConfigException(
                    Flag.SSL_KEYFILE.flagName(),
                    "the key in " + keyFile + " does not belong to the certificate in " + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the key store: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) {
        String flag = Flag.SSL_CERTFILE.flagName();
        List<Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(flag, file)) {
                if (block.type().equals("CERTIFICATE")) {
                    chain.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(flag, file + " holds a certificate that cannot be read: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new ConfigException(flag, file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        for (Certificate certificate : chain) {
            if (!(certificate instanceof X509Certificate)) {
                throw new ConfigException(flag, file + " holds a certificate that is not X.509");
            }
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, String algorithm) {
        String flag = Flag.SSL_KEYFILE.flagName();
        for (Block block : blocks(flag, file)) {
            byte[] pkcs8 = switch (block.type()) {
                case "PRIVATE KEY" -> block.der();
                case "RSA PRIVATE KEY" -> rsaPkcs8(block.der());
                case "ENCRYPTED PRIVATE KEY" ->
                    throw new ConfigException(
                            flag,
                            file + " holds an encrypted key; decrypt it first (openssl pkcs8 -in KEY -out PLAIN)");
                case "EC PRIVATE KEY" ->
                    throw new ConfigException(
                            flag,
                            file
                                    + " holds a SEC1 EC key; convert it to PKCS#8 first (openssl pkcs8 -topk8 -nocrypt -in KEY)");
                default -> null;
            };
            if (pkcs8 == null) {
                continue;
            }
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                throw new ConfigException(
                        flag,
                        file + " holds no " + algorithm + " private key matching the certificate: " + e.getMessage());
            }
        }
        throw new ConfigException(flag, file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> null;
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign by their own name
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "llm-d-inference-sim".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo. */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // version 0
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(derHeader(0x04, pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(derHeader(0x30, body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derHeader(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] header = new byte[2 + bytes];
        header[0] = (byte) tag;
        header[1] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            header[2 + i] = (byte) (length >>> (8 * (bytes - 1 - i)));
        }
        return header;
    }

    @SuppressWarnings("ArrayRecordComponent") // a parsed PEM block, never compared
    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(String flag, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(flag, "cannot read " + file + ": " + e.getMessage());
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(flag, file + " holds a PEM block that is not base64: " + e.getMessage());
            }
        }
        return blocks;
    }
}
