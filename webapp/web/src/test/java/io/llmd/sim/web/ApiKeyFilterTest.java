package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeyFilterTest {

    @ParameterizedTest
    @CsvSource({
        "/v1/models, /v1/models",
        "/v1;x/models, /v1/models",
        "/v1/models;a=b, /v1/models",
        "//v1//models, /v1/models",
        "/%76%31/models, /v1/models",
        "/v1%2Fmodels, /v1/models",
        "/v1/./models, /v1/models",
        "/x/../v1/models, /v1/models",
        "/../../v1, /v1",
        "/%zz/v1, /%zz/v1",
        "'', /",
        "/, /"
    })
    void seesAPathAsTheRouterDoes(String raw, String canonical) {
        assertThat(ApiKeyFilter.canonical(raw)).isEqualTo(canonical);
    }

    private final ApiKeyFilter filter = new ApiKeyFilter("sk-1");

    /** A request as the container hands it over: its method, its paths and its headers. */
    private static HttpServletRequest request(
            String method, String servletPath, String uri, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                ApiKeyFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, called, args) -> switch (called.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getPathInfo" -> null;
                    case "getHeader" ->
                        headers.entrySet().stream()
                                .filter(header -> header.getKey().equalsIgnoreCase((String) args[0]))
                                .map(Map.Entry::getValue)
                                .findFirst()
                                .orElse(null);
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    private boolean admits(String path, Map<String, String> headers) {
        return filter.admits(request("POST", path, path, headers));
    }

    @Test
    void takesTheBearerKeyOnEveryGuardedPath() {
        for (String path :
                new String[] {"/v1/models", "/v1/messages", "/v1/messages/count_tokens", "/inference/v1/generate"}) {
            assertThat(admits(path, Map.of("Authorization", "Bearer sk-1")))
                    .as(path)
                    .isTrue();
            assertThat(admits(path, Map.of("Authorization", "bearer sk-1")))
                    .as(path)
                    .isTrue();
            assertThat(admits(path, Map.of("Authorization", "Bearer sk-2")))
                    .as(path)
                    .isFalse();
            assertThat(admits(path, Map.of())).as(path).isFalse();
        }
        assertThat(admits("/health", Map.of())).isTrue();
        assertThat(filter.admits(request("OPTIONS", "/v1/models", "/v1/models", Map.of())))
                .isTrue();
    }

    @Test
    void takesAnthropicsXApiKeyOnAnthropicsPathsOnly() {
        Map<String, String> key = Map.of("X-Api-Key", "sk-1");
        assertThat(admits("/v1/messages", key)).isTrue();
        assertThat(admits("/v1/messages/count_tokens", key)).isTrue();
        assertThat(admits("/v1/messages", Map.of("x-api-key", "sk-2"))).isFalse();
        assertThat(admits("/v1/messages", Map.of("X-Api-Key", ""))).isFalse();
        assertThat(admits("/v1/messages", Map.of("X-Api-Key", "sk-2", "Authorization", "Bearer sk-1")))
                .isTrue();
        assertThat(admits("/v1/messages", Map.of("X-Api-Key", "sk-1", "Authorization", "Bearer sk-2")))
                .isTrue();
        for (String path : new String[] {"/v1/models", "/v1/chat/completions", "/v1/messagesx", "/v1/responses"}) {
            assertThat(admits(path, key)).as(path).isFalse();
        }
        // A spelling that reaches another resource is not Anthropic's, whichever view of it is.
        assertThat(filter.admits(request("POST", "/v1/models", "/v1/messages/../models", key)))
                .isFalse();
        assertThat(filter.admits(request("POST", "/v1/messages", "/v1/models", key)))
                .isFalse();
        assertThat(filter.admits(request("POST", "/v1/messages", "/v1;x/messages", key)))
                .isTrue();
    }
}
