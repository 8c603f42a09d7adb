package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailureInjectorTest {
    private static final int DRAWS = 12_000;

    private static FailureInjector injector(String... flags) {
        List<String> args = new ArrayList<>(
                List.of("--model", "m", "--served-model-name", "served", "--seed", "5", "--max-model-len", "512"));
        args.addAll(List.of(flags));
        SimConfig config = config(args.toArray(String[]::new));
        return new FailureInjector(config, new SeededRandom(config.seed()));
    }

    @Test
    void injectsNothingByDefaultAndDrawsNothing() {
        SimConfig config = config("--model", "m", "--seed", "5");
        SeededRandom random = new SeededRandom(5);
        FailureInjector injector = new FailureInjector(config, random);

        for (int i = 0; i < 100; i++) {
            assertThat(injector.draw()).isEmpty();
        }
        assertThat(random.hex(16)).as("answers and ids replay as before").isEqualTo(new SeededRandom(5).hex(16));
    }

    @Test
    void failsTheGivenShareOfRequestsWithEveryTypeAlike() {
        FailureInjector injector = injector("--failure-injection-rate", "50");
        Map<FailureType, Integer> counts = new EnumMap<>(FailureType.class);
        int failed = 0;
        for (int i = 0; i < DRAWS; i++) {
            Optional<FailureType> failure = injector.draw();
            if (failure.isPresent()) {
                failed++;
                counts.merge(failure.get(), 1, Integer::sum);
            }
        }

        assertThat(failed).isBetween(DRAWS / 2 - 400, DRAWS / 2 + 400);
        assertThat(counts).containsOnlyKeys(FailureType.values());
        for (int count : counts.values()) {
            assertThat(count).isBetween(failed / 6 - 250, failed / 6 + 250);
        }
    }

    @Test
    void aRateOfOneHundredFailsEveryRequestWithTheOnlyTypeGiven() {
        FailureInjector injector = injector("--failure-injection-rate", "100", "--failure-types", "server_error");

        for (int i = 0; i < 100; i++) {
            assertThat(injector.draw()).contains(FailureType.SERVER_ERROR);
        }
    }

    @Test
    void aSmallRateFailsFewRequests() {
        FailureInjector injector = injector("--failure-injection-rate", "2.5");
        int failed = 0;
        for (int i = 0; i < DRAWS; i++) {
            failed += injector.draw().isPresent() ? 1 : 0;
        }

        assertThat(failed).isBetween(200, 400);
    }

    @Test
    void theSameSeedFailsTheSameRequestsTheSameWay() {
        FailureInjector first = injector("--failure-injection-rate", "30");
        FailureInjector second = injector("--failure-injection-rate", "30");

        for (int i = 0; i < 1_000; i++) {
            assertThat(first.draw()).isEqualTo(second.draw());
        }
    }

    @Test
    void theOrderTypesAreGivenInDoesNotChangeWhatASeedPicks() {
        FailureInjector first =
                injector("--failure-injection-rate", "60", "--failure-types", "rate_limit,server_error");
        FailureInjector second =
                injector("--failure-injection-rate", "60", "--failure-types", "server_error", "rate_limit");

        for (int i = 0; i < 200; i++) {
            assertThat(first.draw()).isEqualTo(second.draw());
        }
    }

    @Test
    void throwsTheInjectedFailureNamingTheRequestedModel() {
        FailureInjector injector = injector("--failure-injection-rate", "100", "--failure-types", "model_not_found");

        assertThatThrownBy(() -> injector.maybeFail("asked-for"))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.param()).isEqualTo("model");
                })
                .hasMessage("The model `asked-for` does not exist. (injected failure)");
        assertThatThrownBy(() -> injector.maybeFail(null))
                .hasMessage("The model `served` does not exist. (injected failure)");
    }

    @ParameterizedTest
    @EnumSource(FailureType.class)
    void everyInjectedFailureSaysSoInItsMessageAndKeepsItsKind(FailureType type) {
        SimException failure = type.exception("m", 512);

        assertThat(failure.getMessage()).endsWith(". (injected failure)");
        assertThat(failure.kind()).isEqualTo(type.kind());
    }

    @Test
    void eachTypeIsRefusedAsVllmWouldRefuseIt() {
        assertThat(FailureType.RATE_LIMIT.exception("m", 512).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(FailureType.INVALID_API_KEY.exception("m", 512).kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(FailureType.SERVER_ERROR.exception("m", 512).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(FailureType.INVALID_REQUEST.exception("m", 512).kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        SimException context = FailureType.CONTEXT_LENGTH.exception("m", 512);
        assertThat(context.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(context.param()).isEqualTo("messages");
        assertThat(context.getMessage()).startsWith("This model's maximum context length is 512 tokens.");
    }

    @Test
    void readsTheTypesByTheirNamesSeparatedByCommasOrSpaces() {
        assertThat(config("--model", "m", "--failure-types", "invalid_api_key", "rate_limit,context_length")
                        .failures()
                        .types())
                .containsExactly(FailureType.RATE_LIMIT, FailureType.INVALID_API_KEY, FailureType.CONTEXT_LENGTH);
        assertThat(config("--model", "m").failures().types()).containsExactly(FailureType.values());
    }

    @Test
    void refusesAnUnknownTypeListingTheKnownOnes() {
        assertThatThrownBy(() -> config("--model", "m", "--failure-types", "rate_limit,timeout"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("failure-types"))
                .hasMessageContaining("'timeout'")
                .hasMessageContaining("model_not_found");
    }

    @Test
    void refusesARateOutsideZeroToOneHundred() {
        for (String rate : List.of("101", "-1", "half")) {
            assertThatThrownBy(() -> config("--model", "m", "--failure-injection-rate", rate))
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.flag()).isEqualTo("failure-injection-rate"));
        }
    }
}
