package io.llmd.sim.core;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fails a share of requests on purpose ({@code --failure-injection-rate}, {@code --failure-types}),
 * for testing clients' retry logic. Called before a request is admitted, so a failed request never
 * reaches the scheduler or the metrics. Every choice goes through the one seeded generator, and
 * only when injection is on, so that a seed replays the same failures and a simulator without
 * injection draws exactly what it drew before.
 */
public final class FailureInjector {
    private final FailureOptions options;
    private final SeededRandom random;
    private final String reportedModel;
    private final int maxModelLen;

    public FailureInjector(SimConfig config, SeededRandom random) {
        this.options = config.failures();
        this.random = random;
        this.reportedModel = config.reportedModelName();
        this.maxModelLen = config.maxModelLen();
    }

    /** Draws whether the next request fails, and how. */
    public Optional<FailureType> draw() {
        double rate = options.rate();
        if (rate <= 0 || (rate < 100 && random.nextDouble() * 100 >= rate)) {
            return Optional.empty();
        }
        List<FailureType> types = options.types();
        return Optional.of(types.size() == 1 ? types.get(0) : types.get(random.nextInt(types.size())));
    }

    /**
     * Throws the injected failure when the draw picks this request.
     *
     * @param model the model the request names, or null when it names none
     * @throws SimException the injected failure
     */
    public void maybeFail(@Nullable String model) {
        Optional<FailureType> failure = draw();
        if (failure.isPresent()) {
            throw failure.get().exception(model == null || model.isBlank() ? reportedModel : model, maxModelLen);
        }
    }
}
