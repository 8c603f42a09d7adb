package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as vLLM offers it: {@code --ssl-certfile} and {@code --ssl-keyfile} name PEM files, and the
 * launcher serves HTTPS on its one port. The certificate is made for the test with the JDK's
 * keytool, and written as PEM the way openssl writes it.
 */
class LauncherTlsIT {
    private static final String MODEL = "tls-model";

    @TempDir
    static Path temp;

    private static Path cert;
    private static Path pkcs8Key;
    private static Path pkcs1Key;
    private static Path otherKey;
    private static SSLContext trusting;

    @BeforeAll
    static void makeCertificates() throws Exception {
        KeyStore store = keyPair("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        Certificate certificate = store.getCertificate("server");
        PrivateKey key = (PrivateKey) store.getKey("server", "changeit".toCharArray());
        cert = pem("cert.pem", "CERTIFICATE", certificate.getEncoded());
        pkcs8Key = pem("key.pem", "PRIVATE KEY", key.getEncoded());
        pkcs1Key = pem("rsa-key.pem", "RSA PRIVATE KEY", pkcs1(key.getEncoded()));
        KeyStore other = keyPair("other", "CN=other", "SAN=dns:other");
        otherKey = pem(
                "other-key.pem",
                "PRIVATE KEY",
                other.getKey("other", "changeit".toCharArray()).getEncoded());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, factory.getTrustManagers(), null);
    }

    @Test
    void servesHttpsOnItsPortWithAPkcs8Key() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                        "--model",
                        MODEL,
                        "--mode",
                        "echo",
                        "--ssl-certfile",
                        cert.toString(),
                        "--ssl-keyfile",
                        pkcs8Key.toString());
                HttpClient https = HttpClient.newBuilder()
                        .sslContext(trusting)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()) {
            assertThat(launcher.output()).contains("listening on https://");
            int port = launcher.uri().getPort();
            URI base = URI.create("https://localhost:" + port + "/");
            HttpResponse<String> models = https.send(
                    HttpRequest.newBuilder(base.resolve("v1/models")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains(MODEL);

            HttpResponse<String> stream = https.send(
                    HttpRequest.newBuilder(base.resolve("v1/chat/completions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    SimClient.chat(MODEL, "over tls", "\"stream\":true")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.body()).contains("\"content\":\" tls\"").endsWith("data: [DONE]\n\n");

            // Plain HTTP on the TLS port is not served.
            try (SimClient plain = new SimClient(URI.create("http://127.0.0.1:" + port + "/"))) {
                int status;
                try {
                    status = plain.get("/v1/models").status();
                } catch (RuntimeException e) {
                    status = -1; // the TLS connector closed the connection
                }
                assertThat(status).isNotEqualTo(200);
            }
        }
    }

    @Test
    void acceptsAPkcs1RsaKeyAsOpensslWritesIt() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                        "--model", MODEL, "--ssl-certfile", cert.toString(), "--ssl-keyfile", pkcs1Key.toString());
                HttpClient https = HttpClient.newBuilder().sslContext(trusting).build()) {
            HttpResponse<String> health = https.send(
                    HttpRequest.newBuilder(URI.create(
                                    "https://127.0.0.1:" + launcher.uri().getPort() + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAMissingKeyAKeyOfAnotherCertificateAndAFileWithoutCertificate() throws Exception {
        assertRefused("--ssl-keyfile", "--ssl-certfile", cert.toString());
        assertRefused("--ssl-keyfile", "--ssl-certfile", cert.toString(), "--ssl-keyfile", otherKey.toString());
        assertRefused("--ssl-certfile", "--ssl-certfile", pkcs8Key.toString(), "--ssl-keyfile", pkcs8Key.toString());
    }

    private static void assertRefused(String flag, String... tlsArgs) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--model", MODEL, "--port", "0"));
        args.addAll(Arrays.asList(tlsArgs));
        Process process = LauncherProcess.exec(Map.of(), args.toArray(String[]::new));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output.strip().lines()).as(output).hasSize(1);
        assertThat(output).contains(flag).doesNotContain("listening");
    }

    /** A self-signed RSA key pair made by keytool, in a PKCS#12 store with the password changeit. */
    private static KeyStore keyPair(String alias, String dname, String san) throws Exception {
        Path store = temp.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        alias,
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        dname,
                        "-ext",
                        san,
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        return keyStore;
    }

    private static Path pem(String name, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return Files.writeString(
                temp.resolve(name), "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    /** The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
    private static byte[] pkcs1(byte[] pkcs8) {
        int[] at = {0};
        expect(pkcs8, at, 0x30);
        length(pkcs8, at);
        expect(pkcs8, at, 0x02); // version
        skip(pkcs8, at);
        expect(pkcs8, at, 0x30); // algorithm
        skip(pkcs8, at);
        expect(pkcs8, at, 0x04);
        int length = length(pkcs8, at);
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    }

    private static void skip(byte[] der, int[] at) {
        int length = length(der, at);
        at[0] += length;
    }

    private static void expect(byte[] der, int[] at, int tag) {
        assertThat(der[at[0]++] & 0xff).isEqualTo(tag);
    }

    private static int length(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }
}
