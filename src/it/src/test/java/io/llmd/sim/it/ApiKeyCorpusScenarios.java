package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API-key corpus ({@link ApiKeyCorpus}) against a server with {@code --api-key}: once through,
 * each case followed by a control request carrying the key, with the same checks as the main
 * corpus but for memory (these requests carry nothing to keep).
 */
abstract class ApiKeyCorpusScenarios {

    abstract CorpusTarget target();

    @Test
    void noPathSpellingGetsPastTheApiKeyAndTheOpenPathsStayOpen() {
        CorpusTarget target = target();
        List<HostileCase> cases = Corpus.selected(ApiKeyCorpus.all(), target);
        CorpusRunner runner = new CorpusRunner(target, ApiKeyCorpus.authorized(CorpusScenarios.control()));
        runner.run(cases, 1);
        runner.checkDrained();
        List<String> report = runner.report();
        assertThat(report)
                .withFailMessage(() -> report.size() + " problem(s) with " + cases.size()
                        + " requests against the API key (one line each: case | request | what was wrong):\n"
                        + String.join("\n", report))
                .isEmpty();
    }
}
