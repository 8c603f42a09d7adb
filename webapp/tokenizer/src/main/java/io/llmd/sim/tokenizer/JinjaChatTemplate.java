package io.llmd.sim.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.llmd.sim.core.ChatTemplate;
import io.llmd.sim.core.SimException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's Jinja chat template, rendered by Jinjava with the settings Hugging Face's
 * {@code apply_chat_template} uses ({@code trim_blocks}, {@code lstrip_blocks}) and the names a
 * template expects: {@code messages}, {@code add_generation_prompt}, {@code bos_token},
 * {@code eos_token} and {@code raise_exception}, whose message becomes a 400 as in vLLM.
 */
final class JinjaChatTemplate implements ChatTemplate {
    private final Jinjava jinjava;
    private final String template;
    private final String bosToken;
    private final String eosToken;

    JinjaChatTemplate(String template, String bosToken, String eosToken) {
        // Python's Jinja drops one newline at the end of a template (keep_trailing_newline is off).
        this.template = template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        // As close to Python's Jinja as Jinjava goes: {{- and -}} trim, operators bind as in Python,
        // and a message's text is never rendered as a template.
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withKeepNullableLoopValues(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .build())
                .build());
        jinjava.getGlobalContext()
                .registerFunction(new ELFunctionDefinition(
                        "", "raise_exception", JinjaChatTemplate.class, "raiseException", String.class));
    }

    /** The template's {@code raise_exception(message)}: it refuses the messages. */
    public static String raiseException(String message) {
        throw new TemplateRefusal(message);
    }

    @Override
    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result = jinjava.renderForResult(template, context);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw SimException.badRequest(refusal(error), "messages");
            }
        }
        return result.getOutput();
    }

    /** The message a template's error gives a client: its raise_exception's own, else the engine's. */
    private static String refusal(TemplateError error) {
        for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateRefusal refusal && refusal.getMessage() != null) {
                return refusal.getMessage();
            }
        }
        return "The chat template cannot render these messages: " + error.getMessage();
    }

    /** What {@code raise_exception} throws, to be told apart from the template engine's own errors. */
    static final class TemplateRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TemplateRefusal(String message) {
            super(message, null, false, false);
        }
    }
}
