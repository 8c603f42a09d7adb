package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The corpus of bad, odd and hostile requests, category by category. The categories that once
 * took a server down (leaked slots, schemas that ran the heap out, huge words, a queue wedged for
 * good) run last, so that a server that dies leaves as much of the report as possible.
 */
final class Corpus {
    /**
     * The corpus servers' settings: flags for the launcher, context parameters for the WAR. The
     * KV cache is set (1,024 blocks of 16 tokens), so that what can never fit stays so whatever the
     * default; 32 running requests leave room to see leaked slots one by one before they fill the server.
     */
    static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("model", Route.MODEL),
            Map.entry("mode", "echo"),
            Map.entry("seed", "7"),
            Map.entry("max-model-len", "1024"),
            Map.entry("kv-cache-size", "1024"),
            Map.entry("block-size", "16"),
            Map.entry("max-num-seqs", "32"),
            Map.entry("lora-modules", "l1=/adapters/l1"),
            Map.entry("max-loras", "2"),
            Map.entry("max-cpu-loras", "8"),
            Map.entry("enable-request-id-headers", "true"));

    /**
     * A system property naming the cases to run by the start of their ids, comma-separated
     * ({@code -Dsim.corpus.only=type/chat,schema}): to work on one category. Unset, all run.
     */
    static final String ONLY = "sim.corpus.only";

    private Corpus() {}

    /** The cases for a target: all of them, or those {@link #ONLY} names; the connector's only where the target owns it. */
    static List<HostileCase> selected(List<HostileCase> cases, CorpusTarget target) {
        String only = System.getProperty(ONLY, "").trim();
        List<String> prefixes = only.isEmpty() ? List.of("") : List.of(only.split("\\s*,\\s*"));
        return cases.stream()
                .filter(c -> target.ownsTheConnector() || !c.connectorOnly())
                .filter(c -> prefixes.stream().anyMatch(c.id()::startsWith))
                .toList();
    }

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        cases.addAll(JsonSyntaxCases.all());
        cases.addAll(FieldTypeCases.all());
        cases.addAll(PathCases.all());
        cases.addAll(MethodCases.all());
        cases.addAll(HeaderCases.all());
        cases.addAll(FramingCases.all());
        cases.addAll(LoraCases.all());
        cases.addAll(InjectedErrorCases.all());
        cases.addAll(PromptCases.all());
        cases.addAll(UnicodeCases.all());
        cases.addAll(SchemaCases.all());
        cases.addAll(MemoryCases.all());
        cases.addAll(CapacityCases.all());
        Set<String> ids = new HashSet<>();
        for (HostileCase hostile : cases) {
            if (!ids.add(hostile.id())) {
                throw new IllegalStateException("two cases named " + hostile.id());
            }
        }
        return cases;
    }
}
