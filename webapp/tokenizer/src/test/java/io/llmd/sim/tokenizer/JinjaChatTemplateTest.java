package io.llmd.sim.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmd.sim.core.SimException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Jinja constructs models' chat templates use, rendered as Hugging Face's Jinja renders them. */
class JinjaChatTemplateTest {
    private static final List<Map<String, Object>> MESSAGES = List.of(
            Map.of("role", "system", "content", "  Be brief.  "),
            Map.of("role", "user", "content", "Hi"),
            Map.of("role", "assistant", "content", "Hello"),
            Map.of("role", "user", "content", "Again"));

    @Test
    void concatenationWhitespaceControlAndLoopVariables() {
        String template = """
                {%- for message in messages %}
                    {%- if loop.first and message['role'] != 'system' %}{{- '[default system]\\n' }}{% endif %}
                    {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] | trim + '<|im_end|>' + '\\n' }}
                {%- endfor %}
                {%- if add_generation_prompt %}
                    {{- '<|im_start|>assistant\\n' }}
                {%- endif %}
                """;

        String prompt = new JinjaChatTemplate(template, "", "").render(MESSAGES, true);

        assertThat(prompt)
                .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>user\nAgain<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void namespacesAndTheSystemMessageTakenApart() {
        String template = """
                {{- bos_token }}
                {%- if messages[0]['role'] == 'system' %}
                    {%- set system = messages[0]['content'] | trim %}
                    {%- set rest = messages[1:] %}
                {%- else %}
                    {%- set system = '' %}
                    {%- set rest = messages %}
                {%- endif %}
                {%- set ns = namespace(turns=0) %}
                {{- '[SYS]' + system + '[/SYS]' }}
                {%- for message in rest %}
                    {%- set ns.turns = ns.turns + 1 %}
                    {{- '[' + message['role'] | upper + ']' + message['content'] }}
                {%- endfor %}
                {{- '(' ~ ns.turns ~ ' turns)' }}
                """;

        String prompt = new JinjaChatTemplate(template, "<s>", "</s>").render(MESSAGES, false);

        assertThat(prompt).isEqualTo("<s>[SYS]Be brief.[/SYS][USER]Hi[ASSISTANT]Hello[USER]Again(3 turns)");
    }

    @Test
    void aMessagesTextIsNeverRenderedAsATemplate() {
        String prompt = new JinjaChatTemplate("{% for m in messages %}{{ m['content'] }}{% endfor %}", "", "")
                .render(List.of(Map.of("role", "user", "content", "{{ 7 * 7 }} {% if true %}x{% endif %}")), false);

        assertThat(prompt).isEqualTo("{{ 7 * 7 }} {% if true %}x{% endif %}");
    }

    @Test
    void aRaiseExceptionWithoutAMessageIsABadRequestWithTheEnginesMessage() {
        JinjaChatTemplate template = new JinjaChatTemplate("{{ raise_exception(none) }}", "", "");

        assertThatThrownBy(() -> template.render(MESSAGES, true))
                .isInstanceOf(SimException.class)
                .hasMessageStartingWith("The chat template cannot render these messages: ");
    }
}
