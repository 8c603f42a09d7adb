package io.llmd.sim.web;

import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.metrics.VllmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ApplicationHandler;
import org.jspecify.annotations.Nullable;

/**
 * Runs the request paths many times in memory before a deployment serves, so that the JIT has
 * compiled them and every class they need is loaded when the first client comes: chat and
 * completions, streamed and whole, with tools, log probabilities, echo and a refused body. The
 * requests go to a Jersey application of its own around an engine of its own (same configuration,
 * a {@link SkippingClock}, its own metrics registry), so the served engine, its metrics and its
 * state stay as they were and nothing needs resetting; the served application then gets a few
 * requests that reach no engine, so that what Jersey sets up on a first request is set up.
 */
final class WarmUp {
    /** Enough for the JIT's top tier to compile the request paths; the time limit bounds it on a slow machine. */
    static final int REQUESTS = 2_000;

    static final Duration TIME_LIMIT = Duration.ofSeconds(4);
    private static final int CONCURRENCY = 4;
    private static final long ANSWER_TIMEOUT_SECONDS = 10;

    /**
     * What a warm-up did, for the start-up log: {@code setUp} is the part of {@code took} spent
     * building its own Jersey application, before the first request.
     */
    record Result(int requests, int answered, Duration took, Duration setUp) {
        @Override
        public String toString() {
            return requests + " requests in memory (" + answered + " answered as expected) in " + took.toMillis()
                    + " ms, of which " + setUp.toMillis() + " ms setting up; --warm-up false skips it";
        }
    }

    /** One request of the mix and the status it should get. */
    private record Call(
            String method, String path, @Nullable String body, int status) {}

    private final SimOptions options;
    private final int requests;
    private final Duration timeLimit;

    WarmUp(SimOptions options) {
        this(options, REQUESTS, TIME_LIMIT);
    }

    WarmUp(SimOptions options, int requests, Duration timeLimit) {
        this.options = options;
        this.requests = requests;
        this.timeLimit = timeLimit;
    }

    /** Runs the mix on an engine of its own, then the engine-free calls on {@code served} (if not null). */
    Result run(ApplicationHandler served) {
        return start().finish(served);
    }

    /**
     * Starts the mix on an engine of its own, on a thread of its own, and returns at once: it needs
     * nothing of the served deployment, so it runs while the deployment is still being built (the
     * served Jersey application, the container's own start), which on more than one core takes that
     * time off the start. {@link Running#finish} waits for it.
     */
    Running start() {
        Running running = new Running(System.nanoTime());
        Thread.ofPlatform().name("sim-warm-up").daemon().start(running.own);
        return running;
    }

    /** A warm-up under way: its time limit counts from its start. */
    final class Running {
        private final long start;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final FutureTask<Result> own;

        private Running(long start) {
            this.start = start;
            this.own = new FutureTask<>(() -> runOwn(start, cancelled));
        }

        /** Waits for the mix on the warm-up's engine, then runs the engine-free calls on {@code served} (if not null). */
        Result finish(ApplicationHandler served) {
            Result ownPart;
            try {
                ownPart = own.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new IllegalStateException("interrupted while warming up", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException failure
                        ? failure
                        : new IllegalStateException(e.getCause());
            }
            if (served != null) {
                for (Call call : servedMix()) {
                    call(served, call);
                }
            }
            return new Result(
                    ownPart.requests(),
                    ownPart.answered(),
                    Duration.ofNanos(System.nanoTime() - start),
                    ownPart.setUp());
        }

        /** Stops sending requests (the deployment failed or stops before it served); the thread ends soon after. */
        void cancel() {
            cancelled.set(true);
        }
    }

    private Result runOwn(long start, AtomicBoolean cancelled) {
        List<Call> mix = mix(options.engine());
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        SimConfig config = options.engine();
        VllmMetrics metrics = new VllmMetrics(new PrometheusRegistry(), config.maxModelLen());
        Simulator engine = new Simulator(config, new SkippingClock(), List.of(metrics.engine(config)));
        long deadline = start + timeLimit.toNanos();
        long setUp;
        try (ExecutorService workers = Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("sim-warm-up-", 0).factory());
                ClientWatch clients = new ClientWatch(new TcpTable(List.of()))) {
            SimApplication application = new SimApplication(engine, workers, options.api(), clients);
            application.register(new NoServletExchange());
            ApplicationHandler handler = new ApplicationHandler(application);
            setUp = System.nanoTime() - start;
            try (ExecutorService drivers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int d = 0; d < CONCURRENCY; d++) {
                    drivers.execute(() -> {
                        int i;
                        while (!cancelled.get()
                                && System.nanoTime() < deadline
                                && (i = sent.getAndIncrement()) < requests) {
                            if (call(handler, mix.get(i % mix.size()))) {
                                answered.incrementAndGet();
                            }
                        }
                    });
                }
            } finally {
                // No container to name: it tells the lifecycle listeners (the application has none) and
                // then releases what Jersey holds (its executors, the injection manager).
                handler.onShutdown(null);
            }
        }
        int done = Math.min(sent.get(), requests);
        return new Result(done, answered.get(), Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(setUp));
    }

    private static boolean call(ApplicationHandler handler, Call call) {
        try {
            InMemoryExchange.Answer answer = InMemoryExchange.send(
                            handler, call.method(), call.path(), call.body(), new MapPropertiesDelegate())
                    .get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return answer.status() == call.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            // A warm-up request that fails costs its share of the warm-up, nothing more.
            return false;
        }
    }

    /** The generation requests, as clients send them most. */
    private static List<Call> mix(SimConfig config) {
        String model = quoted(config.servedModelNames().getFirst());
        String messages = "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"What is the weather like in Paris today?\"}]";
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"The weather in a city\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}},"
                + "\"required\":[\"city\"]}}}]";
        String usage = "\"stream_options\":{\"include_usage\":true}";
        String prompt = "\"prompt\":\"Once upon a time, in a land far away, there lived\"";
        List<Call> mix = new ArrayList<>();
        mix.add(chat("{\"model\":" + model + "," + messages + ",\"max_tokens\":16}"));
        mix.add(chat("{\"model\":" + model + "," + messages + ",\"max_tokens\":16,\"stream\":true," + usage + "}"));
        mix.add(chat("{\"model\":" + model + "," + messages + ",\"max_tokens\":16," + tools
                + ",\"tool_choice\":\"required\"}"));
        mix.add(chat("{\"model\":" + model + "," + messages + ",\"max_tokens\":16,\"stream\":true," + tools
                + ",\"tool_choice\":\"auto\"}"));
        mix.add(chat("{\"model\":" + model + "," + messages
                + ",\"max_tokens\":16,\"logprobs\":true,\"top_logprobs\":2,\"stream\":true}"));
        mix.add(chat(
                "{\"model\":" + model + "," + messages + ",\"max_tokens\":16,\"logprobs\":true,\"top_logprobs\":2}"));
        mix.add(completion("{\"model\":" + model + "," + prompt + ",\"max_tokens\":16}"));
        mix.add(completion("{\"model\":" + model + "," + prompt + ",\"max_tokens\":16,\"stream\":true," + usage + "}"));
        mix.add(completion("{\"model\":" + model + "," + prompt + ",\"max_tokens\":16,\"logprobs\":2,\"echo\":true}"));
        mix.add(new Call("POST", "/v1/chat/completions", "{\"model\":" + model + ",\"messages\":[]}", 400));
        return List.copyOf(mix);
    }

    /** Calls that reach no engine: the served application's first decoding, refusal and listing. */
    private static List<Call> servedMix() {
        return List.of(
                new Call("GET", "/health", null, 200),
                new Call("GET", "/v1/models", null, 200),
                new Call("POST", "/v1/chat/completions", "[]", 400),
                new Call("POST", "/v1/completions", "[]", 400));
    }

    /**
     * In memory there is no servlet exchange: the resources get none (as they do in any test
     * without a container), where Jersey would otherwise try, and fail slowly, to build one for
     * every request.
     */
    private static final class NoServletExchange extends AbstractBinder {
        @Override
        protected void configure() {
            bindFactory(() -> (HttpServletRequest) null).to(HttpServletRequest.class);
        }
    }

    private static Call chat(String body) {
        return new Call("POST", "/v1/chat/completions", body, 200);
    }

    private static Call completion(String body) {
        return new Call("POST", "/v1/completions", body, 200);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
