package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The Go simulator's {@code --self-signed-certs}: the launcher serves HTTPS with a certificate it
 * makes at start. The test takes the certificate the server presents, trusts exactly that one,
 * and talks to the server with the JDK's HTTP client, host name checks on.
 */
class LauncherSelfSignedIT {
    private static final String MODEL = "self-signed-model";

    @Test
    void servesHttpsWithACertificateMadeAtStartForLocalhost() throws Exception {
        try (LauncherProcess launcher =
                LauncherProcess.start("--model", MODEL, "--mode", "echo", "--self-signed-certs")) {
            assertThat(launcher.output()).contains("listening on https://");
            int port = launcher.uri().getPort();
            X509Certificate certificate = presented(port);
            assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
            certificate.verify(certificate.getPublicKey());
            certificate.checkValidity();

            try (HttpClient https = HttpClient.newBuilder()
                    .sslContext(trusting(certificate))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()) {
                for (String host : List.of("localhost", "127.0.0.1")) {
                    HttpResponse<String> answer = https.send(
                            HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/v1/chat/completions"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            SimClient.chat(MODEL, "made at start", "\"stream\":true")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(answer.body()).contains("\"content\":\" start\"").endsWith("data: [DONE]\n\n");
                }
            }
        }
    }

    /** The certificate the server presents, taken without trusting it. */
    private static X509Certificate presented(int port) throws Exception {
        List<X509Certificate> seen = new ArrayList<>();
        TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("a client's certificate");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.addAll(List.of(chain));
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {capture}, null);
        try (Socket plain = new Socket("127.0.0.1", port);
                SSLSocket socket =
                        (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true)) {
            socket.startHandshake();
        }
        assertThat(seen).hasSize(1);
        return seen.get(0);
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
