package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    private static ServerOptions options(String... args) {
        return SimOptions.builder()
                .model("m")
                .set(CommandLine.parse(args).values())
                .build()
                .server();
    }

    @Test
    void defaultsToThirtySecondsFourMebibytesPlainHttpAndNoRequestLog() {
        ServerOptions options = options();

        assertThat(options.port()).isEqualTo(8000);
        assertThat(options.host()).isNull();
        assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.maxRequestBodyBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(options.tls()).isFalse();
        assertThat(options.logRequests()).isFalse();
    }

    @Test
    void readsEveryServerFlag() {
        ServerOptions options = options(
                "--port",
                "9000",
                "--host",
                "127.0.0.1",
                "--shutdown-timeout",
                "5",
                "--max-request-body-size-mb",
                "16",
                "--ssl-certfile",
                "/tls/cert.pem",
                "--ssl-keyfile",
                "/tls/key.pem",
                "--log-requests");

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.maxRequestBodyBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(options.tls()).isTrue();
        assertThat(options.sslCertFile()).isEqualTo("/tls/cert.pem");
        assertThat(options.sslKeyFile()).isEqualTo("/tls/key.pem");
        assertThat(options.logRequests()).isTrue();
    }

    @Test
    void aZeroShutdownTimeoutStopsAtOnce() {
        assertThat(options("--shutdown-timeout", "0").shutdownTimeout()).isZero();
    }

    @Test
    void readsTheRequestLogSwitchFromAnyTextualBoolean() {
        assertThat(options("--log-requests", "true").logRequests()).isTrue();
        assertThat(options("--log-requests=false").logRequests()).isFalse();
        assertThat(options("--enable-log-requests").logRequests()).isTrue();
        assertThatThrownBy(() -> options("--log-requests", "sometimes"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--log-requests");
    }

    @Test
    void warmsUpUnlessTurnedOff() {
        assertThat(options().warmUp()).isTrue();
        assertThat(options("--warm-up", "false").warmUp()).isFalse();
        assertThat(options("--warm-up=no").warmUp()).isFalse();
        assertThatThrownBy(() -> options("--warm-up", "later"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--warm-up");
    }

    @Test
    void refusesOutOfRangeNumbersNamingTheFlag() {
        assertThatThrownBy(() -> options("--shutdown-timeout", "-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--shutdown-timeout");
        assertThatThrownBy(() -> options("--max-request-body-size-mb", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--max-request-body-size-mb");
        assertThatThrownBy(() -> options("--max-request-body-size-mb", "lots"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--max-request-body-size-mb: 'lots' is not a number");
        assertThatThrownBy(() -> options("--shutdown-timeout", "2h"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--shutdown-timeout: must be at most 3600 (one hour), not 2h");
    }

    @Test
    void aCertificateNeedsItsKeyAndTheOtherWayRound() {
        assertThatThrownBy(() -> options("--ssl-certfile", "/tls/cert.pem"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--ssl-keyfile");
        assertThatThrownBy(() -> options("--ssl-keyfile", "/tls/key.pem"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--ssl-certfile");
    }

    @Test
    void describesTheEffectiveSettingsForTheStartUpLog() {
        assertThat(options("--log-requests").describe())
                .containsEntry("shutdown-timeout", "30")
                .containsEntry("max-request-body-size-mb", "4")
                .containsEntry("log-requests", "true")
                .doesNotContainKey("ssl-certfile");
    }
}
