package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import java.net.URI;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.junit.jupiter.api.Test;

/** An injected failure is marked on its request (for the request log) and in its message; nothing else is. */
class InjectedFailuresTest {

    private static Simulator simulator(String rate) {
        return new Simulator(
                ConfigParser.build(
                        CommandLine.parse("--model", "m", "--failure-injection-rate", rate)
                                .values(),
                        () -> 1L),
                NanoClock.SYSTEM,
                java.util.List.of());
    }

    private static ContainerRequest request(String... headers) {
        URI base = URI.create("http://localhost/");
        ContainerRequest request = new ContainerRequest(
                base, base.resolve("v1/completions"), "POST", null, new MapPropertiesDelegate(), null);
        for (int i = 0; i < headers.length; i += 2) {
            request.getHeaders().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    @Test
    void aFailureDrawnByTheRateIsMarkedAsSuch() {
        ContainerRequest request = request();

        assertThatThrownBy(() -> InjectedFailures.check(simulator("100"), request, null))
                .isInstanceOf(SimException.class)
                .hasMessageEndingWith(" (injected failure)");
        assertThat(request.getProperty(InjectedFailures.CAUSE)).isEqualTo("--failure-injection-rate");
    }

    @Test
    void aFailureForcedByTheHeaderIsMarkedAsSuch() {
        ContainerRequest request = request("X-Return-Error", "429");

        assertThatThrownBy(() -> InjectedFailures.check(simulator("0"), request, null))
                .isInstanceOfSatisfying(InjectedFailures.ForcedError.class, e -> {
                    assertThat(e.getResponse().getStatus()).isEqualTo(429);
                    assertThat(new String((byte[]) e.getResponse().getEntity()))
                            .contains(
                                    "\"message\":\"Error 429 forced by the X-Return-Error header. (injected failure)\"",
                                    "\"type\":\"RateLimitError\"");
                });
        assertThat(request.getProperty(InjectedFailures.CAUSE)).isEqualTo("X-Return-Error");
    }

    @Test
    void aWrongHeaderIsTheClientsOwnErrorAndNotMarked() {
        ContainerRequest request = request("X-Return-Error", "teapot");

        assertThatThrownBy(() -> InjectedFailures.check(simulator("0"), request, null))
                .isInstanceOf(SimException.class)
                .message()
                .doesNotContain("injected");
        assertThat(request.getProperty(InjectedFailures.CAUSE)).isNull();
    }

    @Test
    void aRequestNotFailedIsNotMarked() {
        ContainerRequest request = request();

        assertThatCode(() -> InjectedFailures.check(simulator("0"), request, null))
                .doesNotThrowAnyException();
        assertThat(request.getProperty(InjectedFailures.CAUSE)).isNull();
    }
}
