package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.openai.OpenAiErrorRenderer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error answer, whichever of the four paths writes it (the exception mappers and the body
 * Jersey leaves out, the filters' refusals before Jersey, the container's error page, injected
 * failures), is exactly what the renderer chosen for the request's path writes.
 */
class ErrorRenderersTest {
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/chat/completions",
                "/v1/completions",
                "/v1/models",
                "/v1/load_lora_adapter",
                "/tokenize",
                "/detokenize",
                "/health",
                "/version",
                "/metrics",
                "/",
                "/v1/nowhere"
            })
    void everyPathAnswersErrorsInOpenAisShape(String path) {
        assertThat(ErrorRenderers.forPath(path)).isSameAs(OpenAiErrorRenderer.INSTANCE);
    }

    @Test
    void openAisShapeIsVllmsErrorBody() {
        ErrorRenderer renderer = OpenAiErrorRenderer.INSTANCE;

        assertThat(new String(renderer.body(404, "The model `x` does not exist.", "model"), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":{\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\","
                        + "\"param\":\"model\",\"code\":404}}");
        assertThat(new String(renderer.body(503, "Busy", null), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":{\"message\":\"Busy\",\"type\":\"InternalServerError\",\"param\":null,"
                        + "\"code\":503}}");
        assertThat(renderer.mediaType()).isEqualTo("application/json");
    }

    @Test
    void theExceptionMappersAndInjectedFailuresWriteTheChosenRenderersBody() {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo")) {
            // the core's refusal, a body that is not JSON, an unknown route, a failure forced by a header
            assertRendered("/v1/completions", sim.post("/v1/completions", "{\"model\":\"x\",\"prompt\":\"hi\"}"), 404);
            assertRendered("/v1/chat/completions", sim.post("/v1/chat/completions", "{"), 400);
            assertRendered("/v1/nowhere", sim.get("/v1/nowhere"), 404);
            assertRendered(
                    "/v1/chat/completions", sim.post("/v1/chat/completions", CHAT, "X-Return-Error", "503"), 503);
            assertThat(sim.property(InjectedFailures.CAUSE)).isEqualTo(InjectedFailures.HEADER);
        }
    }

    @Test
    void aJerseyRefusalWithoutABodyGetsTheChosenRenderersBody() {
        URI base = URI.create("http://localhost/");
        ContainerRequest request =
                new ContainerRequest(base, base.resolve("v1/models"), "GET", null, new MapPropertiesDelegate(), null);
        ContainerResponse response =
                new ContainerResponse(request, Response.status(406).build());

        new ErrorBodies().filter(request, response);

        byte[] expected = ErrorRenderers.forPath("/v1/models").body(406, "Not Acceptable", null);
        assertThat((byte[]) response.getEntity()).isEqualTo(expected);
        assertThat(response.getMediaType())
                .hasToString(ErrorRenderers.forPath("/v1/models").mediaType());
        assertThat(response.getHeaderString("Content-Length")).isEqualTo(Integer.toString(expected.length));
    }

    @Test
    void aRefusalBeforeJerseyWritesTheChosenRenderersBody() throws IOException {
        Exchange exchange = new Exchange(DispatcherType.REQUEST, "", "/v1/models", Map.of());

        ServletErrors.refuse(exchange.request, exchange.response, 401, "Unauthorized");

        ErrorRenderer renderer = ErrorRenderers.forPath("/v1/models");
        assertThat(exchange.status).isEqualTo(401);
        assertThat(exchange.contentType).isEqualTo(renderer.mediaType());
        assertThat(exchange.body.toByteArray()).isEqualTo(renderer.body(401, "Unauthorized", null));
        assertThat(exchange.contentLength).isEqualTo(exchange.body.size());
        assertThat(exchange.headers).containsEntry("Connection", "close");
    }

    @Test
    void theErrorPageWritesTheBodyTheFailedRequestsRendererChooses() throws IOException {
        Exchange exchange = new Exchange(
                DispatcherType.ERROR,
                "/sim",
                "/_error",
                Map.of(
                        RequestDispatcher.ERROR_STATUS_CODE, 431,
                        RequestDispatcher.ERROR_MESSAGE, "Request Header Fields Too Large",
                        RequestDispatcher.ERROR_REQUEST_URI, "/sim/v1/chat/completions"));

        new ErrorPageServlet().service(exchange.request, exchange.response);

        ErrorRenderer renderer = ErrorRenderers.forPath("/v1/chat/completions");
        assertThat(ErrorPageServlet.failedPath(exchange.request)).isEqualTo("/v1/chat/completions");
        assertThat(exchange.status).isEqualTo(431);
        assertThat(exchange.contentType).isEqualTo(renderer.mediaType());
        assertThat(exchange.body.toByteArray()).isEqualTo(renderer.body(431, "Request Header Fields Too Large", null));
        assertThat(exchange.contentLength).isEqualTo(exchange.body.size());
    }

    @Test
    void theErrorPageAskedForByItsPathIsTheRequestItself() {
        Exchange exchange = new Exchange(DispatcherType.REQUEST, "", "/_error", Map.of());

        assertThat(ErrorPageServlet.failedPath(exchange.request)).isEqualTo("/_error");
    }

    /** The reply is, byte for byte, the body the renderer of {@code path} writes for its status, message and param. */
    private static void assertRendered(String path, InMemorySim.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = read(reply.body()).get("error");
        ErrorRenderer renderer = ErrorRenderers.forPath(path);
        byte[] expected = renderer.body(
                status,
                error.get("message").asText(),
                error.get("param").isNull() ? null : error.get("param").asText());
        assertThat(reply.body()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(reply.contentType()).isEqualTo(renderer.mediaType());
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    /** A servlet request to {@code servletPath} and the response written to it, as a container would hand them over. */
    private static final class Exchange {
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final HttpServletRequest request;
        final HttpServletResponse response;
        int status;
        String contentType;
        int contentLength = -1;

        Exchange(DispatcherType dispatch, String contextPath, String servletPath, Map<String, Object> attributes) {
            request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
                case "getDispatcherType" -> dispatch;
                case "getContextPath" -> contextPath;
                case "getServletPath" -> servletPath;
                case "getPathInfo" -> null;
                case "getAttribute" -> attributes.get((String) args[0]);
                default -> throw new UnsupportedOperationException(name);
            });
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            response = proxy(HttpServletResponse.class, (name, args) -> switch (name) {
                case "setStatus" -> {
                    status = (Integer) args[0];
                    yield null;
                }
                case "setContentType" -> {
                    contentType = (String) args[0];
                    yield null;
                }
                case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                case "setContentLength" -> {
                    contentLength = (Integer) args[0];
                    yield null;
                }
                case "getOutputStream" -> out;
                case "flushBuffer" -> null;
                default -> throw new UnsupportedOperationException(name);
            });
        }
    }

    private interface Answerer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answerer answerer) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (self, method, args) -> answerer.answer(method.getName(), args)));
    }
}
