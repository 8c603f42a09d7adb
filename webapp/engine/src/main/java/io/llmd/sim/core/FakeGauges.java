package io.llmd.sim.core;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The fake values of one engine's gauges now: what {@code --fake-metrics} says the running and
 * waiting requests and the KV-cache usage are, its functions evaluated at the time since the engine
 * started, stepped by {@code --fake-metrics-refresh-interval}. The metrics report them, and the
 * latency model takes the fake running requests as its load, as the Go simulator does. A run-time
 * update replaces the object and starts its functions again, so that "ramp from 20% to 95% over
 * five minutes" starts when it is asked for.
 */
public final class FakeGauges {
    private final NanoClock clock;
    private volatile Settings settings;

    private record Settings(FakeMetrics metrics, long refreshNanos, long startNanos) {}

    public FakeGauges(FakeMetrics metrics, Duration refresh, NanoClock clock) {
        this.clock = clock;
        update(metrics, refresh);
    }

    /** Replaces the fake object and its refresh interval; its functions start now. */
    public void update(FakeMetrics metrics, Duration refresh) {
        settings = new Settings(metrics, Math.max(1, refresh.toNanos()), clock.nanoTime());
    }

    public FakeMetrics metrics() {
        return settings.metrics();
    }

    /** The running requests now, when faked. */
    public OptionalDouble running() {
        return at(FakeMetrics::running, true);
    }

    /** The waiting requests now, when faked. */
    public OptionalDouble waiting() {
        return at(FakeMetrics::waiting, true);
    }

    /** The KV-cache usage now, when faked. */
    public OptionalDouble kvCacheUsage() {
        return at(FakeMetrics::kvCacheUsage, false);
    }

    private OptionalDouble at(Function<FakeMetrics, FakeMetrics.@Nullable Value> gauge, boolean whole) {
        Settings now = settings;
        FakeMetrics.Value value = gauge.apply(now.metrics());
        if (value == null) {
            return OptionalDouble.empty();
        }
        long elapsed = Math.max(0, clock.nanoTime() - now.startNanos());
        double at = value.at(Duration.ofNanos(elapsed / now.refreshNanos() * now.refreshNanos()));
        // Counts of requests are whole, as the Go simulator truncates them; the usage is not rounded.
        return OptionalDouble.of(whole ? Math.floor(at) : at);
    }
}
