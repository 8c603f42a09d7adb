package io.llmd.sim.grpc;

import io.llmd.sim.core.Generation;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.grpc.proto.GenerateRequest;
import io.llmd.sim.grpc.proto.SamplingParams;
import io.llmd.sim.grpc.proto.TokenizedInput;
import java.util.List;

/**
 * A {@code GenerateRequest} as the engine's request: the base model answers (the service names
 * none), a tokenized prompt counts as many tokens as it has ids and is cached by them, a text
 * prompt is tokenized as the HTTP API's are.
 */
final class Prompts {
    /**
     * Every id from 0 to 2^31 - 2 reads as a token (the simulator's tokenizer names unknown ids
     * rather than refusing them); a uint32 above that is out of the vocabulary.
     */
    static final int VOCAB_SIZE = Integer.MAX_VALUE;

    private Prompts() {}

    static GenerationRequest generation(GenerateRequest request, Simulator simulator) {
        SamplingParams params = request.getSamplingParams();
        GenerationRequest.Sampling sampling = SamplingRules.of(params);
        Integer maxTokens = SamplingRules.maxTokens(params);
        ModelTarget target = simulator.catalog().resolve(null);
        return switch (request.getInputCase()) {
            case TOKENIZED -> {
                List<Integer> ids = ids(request.getTokenized());
                yield new GenerationRequest(
                        target,
                        "",
                        ids.size(),
                        simulator.vocabulary().decode(ids),
                        maxTokens,
                        sampling,
                        null,
                        Generation.KvTransfer.NONE,
                        ids,
                        null);
            }
            case TEXT -> {
                if (request.getText().isEmpty()) {
                    throw SimException.badRequest("The prompt cannot be empty.", "text");
                }
                yield new GenerationRequest(
                        target,
                        request.getText(),
                        0,
                        request.getText(),
                        maxTokens,
                        sampling,
                        null,
                        Generation.KvTransfer.NONE,
                        null,
                        null);
            }
            case INPUT_NOT_SET ->
                throw SimException.badRequest("A Generate request needs its input: tokenized or text.", "input");
        };
    }

    /** A tokenized prompt's ids, refused when empty or out of the vocabulary. */
    static List<Integer> ids(TokenizedInput input) {
        List<Integer> ids = input.getInputIdsList();
        if (ids.isEmpty()) {
            throw SimException.badRequest("The prompt cannot be empty.", "input_ids");
        }
        for (int id : ids) {
            if (id < 0 || id >= VOCAB_SIZE) {
                throw SimException.badRequest(
                        "Token id " + Integer.toUnsignedString(id) + " is out of vocabulary", "input_ids");
            }
        }
        return ids;
    }
}
