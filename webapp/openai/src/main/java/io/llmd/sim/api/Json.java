package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The one ObjectMapper of the wire format: snake_case, nulls left out unless a field says
 * otherwise, unknown fields ignored, scalars read as vLLM's pydantic models read them
 * ({@link LaxScalars}).
 */
public final class Json {
    /*
     * Jackson's default buffer pool is one per thread; every request runs on a new virtual thread,
     * so that pool would allocate fresh buffers for every body read or written. A pool shared by
     * all threads recycles them, and holds no ThreadLocal that could outlive an undeployed WAR.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // pydantic's lax conversions, no more; a null inside a list or a map is refused.
            .addModule(LaxScalars.module())
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .nodeFactory(new WellFormedText())
            .build();

    private Json() {}

    /** The shared mapper; thread-safe, never reconfigured after this class loads. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a wire record to UTF-8 JSON. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Text nodes (prompts, message content, schemas) with each lone surrogate replaced by U+FFFD,
     * as typed strings are (see {@link LaxScalars}): legal JSON escapes, but no text to answer with.
     */
    private static final class WellFormedText extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        WellFormedText() {
            super(false);
        }

        @Override
        public TextNode textNode(String text) {
            return super.textNode(text == null ? null : LaxScalars.wellFormed(text));
        }
    }
}
