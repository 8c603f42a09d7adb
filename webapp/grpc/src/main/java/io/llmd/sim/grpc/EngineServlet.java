package io.llmd.sim.grpc;

import io.grpc.ServerInterceptors;
import io.grpc.servlet.jakarta.ServletAdapter;
import io.grpc.servlet.jakarta.ServletServerBuilder;
import io.llmd.sim.core.Simulator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The gRPC service as a servlet, through grpc-java's Jakarta servlet transport: the container
 * speaks HTTP/2 (h2c on the launcher's port), the transport frames the calls. Its virtual threads
 * run the transport's callbacks and each admitted request; they end with the servlet.
 */
final class EngineServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final long STOP_WAIT_SECONDS = 5;

    private final transient ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sim-grpc-", 0).factory());
    /**
     * The transport's timer (deadlines, keep-alives): our own, so that it ends with the servlet;
     * grpc-java's shared one outlives an undeployed WAR (a thread left per deployment).
     */
    private final transient ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sim-grpc-timer").factory());

    private final transient ServletAdapter adapter;

    /**
     * @param apiKey  the key calls must present, or null for none
     * @param healthy whether the deployment serves, for {@code HealthCheck}
     */
    EngineServlet(Simulator simulator, @Nullable String apiKey, int embeddingDimensions, BooleanSupplier healthy) {
        VllmEngineService service = new VllmEngineService(simulator, embeddingDimensions, healthy, threads);
        this.adapter = new ServletServerBuilder()
                .executor(threads)
                .scheduledExecutorService(timer)
                .addService(ServerInterceptors.intercept(service, new CallGuard(apiKey), new HeadersFirst()))
                .buildServletAdapter();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ServletAdapter.isGrpc(request)) {
            adapter.doPost(request, response);
        } else {
            // Not a gRPC call (a plain HTTP client on a gRPC path): as the transport answers one, without a stack.
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Not a gRPC request (application/grpc).");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        adapter.doGet(request, response);
    }

    @Override
    public void destroy() {
        adapter.destroy();
        timer.shutdownNow();
        threads.shutdownNow();
        try {
            threads.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            // Gone before the container looks for threads the application left behind.
            timer.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.destroy();
    }
}
