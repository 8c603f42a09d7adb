package io.llmd.sim.core;

import java.util.List;

/** The sentences random mode draws its answers from. */
final class SentenceBank {
    static final List<String> SENTENCES = List.of(
            "The simulator answers as a loaded model would, without a GPU.",
            "Every token here is scheduled, not computed.",
            "A router can be tested against a fleet of these replicas on one small machine.",
            "Latency follows the configured model: first the prefill, then one token at a time.",
            "Queues form when more requests arrive than the batch can hold.",
            "Adapters share the base model and take turns in the running batch.",
            "Metrics tell an autoscaler how busy this replica pretends to be.",
            "Nothing in this answer was learned; all of it was drawn from a short list.",
            "Streams close with a final marker once the last token is sent.",
            "Clients that go away free their place in the batch at once.",
            "Time to first token grows with the work in front of the request.",
            "The quick test of a gateway needs answers that arrive on time.",
            "Each reply is plain text, split into tokens by a simple rule.",
            "Load tests read the numbers; the words only fill the stream.",
            "A seed makes every draw repeat, so a failing run can be replayed.",
            "Under pressure the waiting queue grows, and the gauges show it.",
            "Tokens leave at a steady pace, as if a real decoder produced them.",
            "The context window bounds how long any answer may become.",
            "Errors come back in the shape that OpenAI clients expect.",
            "Hundreds of simulated replicas can run where one real one would not fit.");

    private SentenceBank() {}
}
