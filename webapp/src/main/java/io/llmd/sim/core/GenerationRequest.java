package io.llmd.sim.core;

/**
 * What the core needs to know of a chat or completion request, decoded from the wire.
 *
 * @param target       the model or adapter it names
 * @param promptText   the prompt's text, as the tokenizer counts it
 * @param echoText     what echo mode answers with
 * @param maxTokens    the most tokens the client wants, or null for no limit but the context
 */
public record GenerationRequest(ModelTarget target, String promptText, String echoText, Integer maxTokens) {
}
