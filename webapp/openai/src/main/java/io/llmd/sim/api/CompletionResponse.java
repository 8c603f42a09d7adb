package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A whole text completion. */
public record CompletionResponse(
        String id,
        String object,
        long created,
        String model,
        List<CompletionChoice> choices,
        Usage usage,
        @Nullable Map<String, Object> kvTransferParams) {

    /** The same answer, carrying vLLM's {@code kv_transfer_params} for the decode instance. */
    public CompletionResponse withKvTransferParams(@Nullable Map<String, Object> params) {
        return new CompletionResponse(id, object, created, model, choices, usage, params);
    }

    /** The same answer, reporting the prompt tokens the prefix cache held (none when 0). */
    public CompletionResponse withCachedTokens(int cachedTokens) {
        return new CompletionResponse(
                id, object, created, model, choices, usage.withCachedTokens(cachedTokens), kvTransferParams);
    }

    /**
     * The answer to a completions request.
     *
     * @param echoes the text put before each choice's answer ({@code echo: true}), or null
     */
    public static CompletionResponse of(
            String id, long created, String model, Generation generation, @Nullable List<String> echoes) {
        return of(id, created, model, generation, echoes, null);
    }

    /**
     * The answer to a completions request, with the echoed prompts' log probabilities.
     *
     * @param echoes        the text put before each choice's answer ({@code echo: true}), or null
     * @param echoLogprobs  the log probabilities of each choice's echoed prompt tokens, or null
     */
    public static CompletionResponse of(
            String id,
            long created,
            String model,
            Generation generation,
            @Nullable List<String> echoes,
            @Nullable List<List<TokenLogprob>> echoLogprobs) {
        List<CompletionChoice> choices = new ArrayList<>();
        for (Choice choice : generation.choices()) {
            String echo = echoes == null ? "" : echoes.get(choice.index());
            List<TokenLogprob> prompt = echoLogprobs == null ? null : echoLogprobs.get(choice.index());
            choices.add(new CompletionChoice(
                    choice.index(),
                    echo + choice.text(),
                    choice.logprobs() == null ? null : Logprobs.completion(prompt, choice.logprobs(), echo.length()),
                    choice.finishReason().value(),
                    choice.stopReason()));
        }
        return new CompletionResponse(id, "text_completion", created, model, choices, Usage.of(generation), null);
    }

    /** One choice; {@code logprobs} and {@code stop_reason} are written even when null, as vLLM does. */
    public record CompletionChoice(
            int index,
            String text,
            @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs.@Nullable Completion logprobs,
            String finishReason,

            @Nullable @JsonInclude(JsonInclude.Include.ALWAYS)
            Object stopReason) {}
}
