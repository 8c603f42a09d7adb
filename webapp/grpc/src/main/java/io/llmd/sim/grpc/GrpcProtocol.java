package io.llmd.sim.grpc;

import io.llmd.sim.core.SimOptions;
import io.llmd.sim.grpc.proto.VllmEngineGrpc;
import io.llmd.sim.web.Deployment;
import io.llmd.sim.web.ServletProtocol;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Serves {@code vllm.grpc.engine.VllmEngine} in the deployment's context, at the path gRPC clients
 * call ({@code /vllm.grpc.engine.VllmEngine/Method}): the HTTP API's servlet keeps every other path.
 * gRPC clients call the root of the server, so a WAR serves them only from the root context.
 */
public final class GrpcProtocol implements ServletProtocol {
    @Override
    public void install(ServletContext context, Deployment deployment) {
        SimOptions options = deployment.options();
        EngineServlet servlet = new EngineServlet(
                deployment.simulator(),
                options.api().apiKey(),
                options.api().embeddingDimensions(),
                () -> deployment.phase() == Deployment.Phase.READY);
        ServletRegistration.Dynamic registration = context.addServlet("grpc", servlet);
        registration.setAsyncSupported(true);
        // Initialised at start, so that the container also destroys it at the end (it stops the transport's
        // timer): a servlet that never served is not destroyed.
        registration.setLoadOnStartup(1);
        registration.addMapping("/" + VllmEngineGrpc.SERVICE_NAME + "/*");
    }
}
