package io.llmd.sim.api.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.llmd.sim.api.Logprobs;
import io.llmd.sim.api.Usage;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.TokenLogprob;
import io.llmd.sim.core.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * vLLM's answer to {@code /inference/v1/generate}: each choice's {@code token_ids} (the ids the
 * tokenizer gives the answer's tokens, as {@code /tokenize} would), its finish reason and, when
 * asked, log probabilities (chat's shape, tokens named by id); {@code usage}; the {@code kv_transfer_params} a prefill-only request
 * hands its decode instance.
 */
public record GenerateResponse(
        String requestId,
        String id,
        long created,
        String model,
        List<GenerateChoice> choices,
        Usage usage,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Object promptLogprobs,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Map<String, Object> kvTransferParams) {

    /** One choice. */
    public record GenerateChoice(
            int index,
            @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs.@Nullable Chat logprobs,
            String finishReason,
            List<Integer> tokenIds) {}

    public static GenerateResponse of(
            String requestId,
            String id,
            long created,
            String model,
            Generation generation,
            Vocabulary vocabulary,
            @Nullable Map<String, Object> kvTransferParams) {
        List<GenerateChoice> choices = new ArrayList<>();
        for (Choice choice : generation.choices()) {
            Logprobs.Chat logprobs = null;
            if (choice.logprobs() != null) {
                List<Logprobs.ChatToken> tokens = new ArrayList<>();
                for (TokenLogprob token : choice.logprobs()) {
                    tokens.add(byId(token, vocabulary));
                }
                logprobs = new Logprobs.Chat(tokens);
            }
            choices.add(new GenerateChoice(
                    choice.index(), logprobs, choice.finishReason().value(), ids(choice.tokens(), vocabulary)));
        }
        return new GenerateResponse(
                requestId, id, created, model, choices, Usage.of(generation), null, kvTransferParams);
    }

    /**
     * A token's log probabilities as vLLM writes them here, with no text to show: each token is
     * named {@code token_id:N} and has no bytes.
     */
    static Logprobs.ChatToken byId(TokenLogprob token, Vocabulary vocabulary) {
        List<Logprobs.Top> top = new ArrayList<>();
        for (TokenLogprob.Alternative alternative : token.top()) {
            top.add(new Logprobs.Top("token_id:" + vocabulary.id(alternative.token()), alternative.logprob(), null));
        }
        return new Logprobs.ChatToken("token_id:" + vocabulary.id(token.token()), token.logprob(), null, top);
    }

    /** The ids of an answer's tokens. */
    public static List<Integer> ids(List<String> tokens, Vocabulary vocabulary) {
        List<Integer> ids = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            ids.add(vocabulary.id(token));
        }
        return ids;
    }
}
