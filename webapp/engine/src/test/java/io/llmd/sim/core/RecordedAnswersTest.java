package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded answers ({@code --dataset-path}) chosen as the Go simulator chooses them, and their flags. */
class RecordedAnswersTest {

    /** Answers in memory, as a SQLite table would hold them: prompt hash, gen_tokens, in id order. */
    private static final class Table implements RecordedAnswers {
        private record Row(byte[] hash, List<String> tokens) {}

        private final List<Row> rows = new ArrayList<>();

        Table add(int[] prompt, String... tokens) {
            rows.add(new Row(RecordedAnswerPicker.promptHash(prompt), List.of(tokens)));
            return this;
        }

        private static String json(List<String> tokens) {
            StringBuilder out = new StringBuilder("{\"Tokens\":[],\"Strings\":[");
            for (int i = 0; i < tokens.size(); i++) {
                out.append(i == 0 ? "" : ",").append('"').append(tokens.get(i)).append('"');
            }
            return out.append("]}").toString();
        }

        private List<Row> fitting(int length, boolean exact) {
            return rows.stream()
                    .filter(row -> length < 0
                            || (exact
                                    ? row.tokens().size() == length
                                    : row.tokens().size() <= length))
                    .toList();
        }

        @Override
        public List<String> forPrompt(byte[] promptHash) {
            return rows.stream()
                    .filter(row -> Arrays.equals(row.hash(), promptHash))
                    .map(row -> json(row.tokens()))
                    .toList();
        }

        @Override
        public long count(int length, boolean exact) {
            return fitting(length, exact).size();
        }

        @Override
        public String get(int length, boolean exact, long index) {
            return json(fitting(length, exact).get((int) index).tokens());
        }

        @Override
        public void close() {}
    }

    private static final int[] PROMPT = {5, 6, 7};
    private static final int[] OTHER = {8};

    private static RecordedAnswerPicker picker(RecordedAnswers table) {
        return new RecordedAnswerPicker(
                table, new SeededRandom(3), new Vocabulary(), count -> Collections.nCopies(count, " pad"));
    }

    @Test
    void hashesThePromptsTokenIdsAsTheGoSimulatorsDatasetToolDoes() {
        // SHA-256 over each id as 4 bytes little-endian; values computed apart from this code.
        assertThat(HexFormat.of().formatHex(RecordedAnswerPicker.promptHash(new int[] {1, 2, 3})))
                .isEqualTo("4636993d3e1da4e9d6b8f87b79e8f7c6d018580d52661950eabc3845c5897a4d");
        assertThat(HexFormat.of().formatHex(RecordedAnswerPicker.promptHash(new int[] {-1, 0})))
                .as("ids as unsigned 32-bit")
                .isEqualTo("72a4fa3544e43a836ffcb268ce06ccdbc55d44d5e6b1b1c19216a53ea98301fd");
    }

    @Test
    void answersARecordedPromptWithOneOfItsAnswersThatFits() {
        Table table = new Table()
                .add(OTHER, " other")
                .add(PROMPT, " a", " long", " recorded", " answer")
                .add(PROMPT, " short", " one");
        RecordedAnswerPicker picker = picker(table);

        assertThat(picker.pick(PROMPT, 3, false)).containsExactly(" short", " one");
        assertThat(picker.pick(PROMPT, 100, false))
                .isIn(List.of(" short", " one"), List.of(" a", " long", " recorded", " answer"));
        assertThat(picker.pick(PROMPT, 1, false))
                .as("every answer is longer: one of them, cut")
                .isIn(List.of(" short"), List.of(" a"));
    }

    @Test
    void withIgnoreEosTheAnswerHasExactlyTheLimit() {
        Table table = new Table().add(PROMPT, " a", " b", " c", " d").add(PROMPT, " x", " y");
        RecordedAnswerPicker picker = picker(table);

        assertThat(picker.pick(PROMPT, 2, true)).containsExactly(" x", " y");
        assertThat(picker.pick(PROMPT, 3, true)).as("the longer one, cut").containsExactly(" a", " b", " c");
        assertThat(picker.pick(PROMPT, 6, true))
                .as("a shorter one, filled up")
                .hasSize(6)
                .endsWith(" pad");
    }

    @Test
    void anotherPromptGetsARecordedAnswerOfAFittingLength() {
        Table table = new Table().add(OTHER, " one", " two", " three").add(OTHER, " four");
        RecordedAnswerPicker picker = picker(table);

        for (int i = 0; i < 10; i++) {
            assertThat(picker.pick(PROMPT, 2, false)).containsExactly(" four");
        }
        assertThat(picker.pick(PROMPT, 3, true)).containsExactly(" one", " two", " three");
        assertThat(picker.pick(PROMPT, 0, false)).as("none fits: any, cut").isEmpty();
        assertThat(picker.pick(PROMPT, 5, true))
                .as("none of exactly 5: any, filled up")
                .hasSize(5);
        assertThat(picker(new Table()).pick(PROMPT, 5, false))
                .as("an empty dataset leaves the answer to be made up")
                .isNull();
    }

    @Test
    void readsAnswersRecordedWithTokenIdsAloneThroughTheVocabulary() {
        Vocabulary vocabulary = new Vocabulary();
        List<Integer> ids = vocabulary.encode(" Every token");
        RecordedAnswerPicker picker =
                new RecordedAnswerPicker(new Table(), new SeededRandom(1), vocabulary, count -> List.of());

        assertThat(picker.decode("{\"tokens\":[" + ids.get(0) + "," + ids.get(1) + "]}"))
                .containsExactly(" Every", " token");
        assertThat(picker.decode("{\"Tokens\":[1],\"Strings\":[\"x\"]}")).containsExactly("x");
        assertThatThrownBy(() -> picker.decode("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> picker.decode("{")).hasMessageContaining("not JSON");
    }

    @Test
    void aRecordedAnswerEndsAsTheRequestSaysAndByLengthAtTheLimit() {
        TextGenerator generator = new TextGenerator(Mode.RANDOM, new SeededRandom(1), new Vocabulary());
        GenerationRequest.Sampling stopAtB =
                new GenerationRequest.Sampling(1, 0, false, List.of(" b"), java.util.Set.of(), false, -1);

        assertThat(generator
                        .recorded(List.of(" a", " b"), 5, GenerationRequest.Sampling.DEFAULT)
                        .finishReason())
                .isEqualTo(FinishReason.STOP);
        assertThat(generator
                        .recorded(List.of(" a", " b"), 2, GenerationRequest.Sampling.DEFAULT)
                        .finishReason())
                .isEqualTo(FinishReason.LENGTH);
        TextGenerator.Answer stopped = generator.recorded(List.of(" a", " b", " c"), 3, stopAtB);
        assertThat(stopped.text()).isEqualTo(" a");
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
        GenerationRequest.Sampling atLeastFour =
                new GenerationRequest.Sampling(1, 4, false, List.of(), java.util.Set.of(), false, -1);
        assertThat(generator.recorded(List.of(" a"), 10, atLeastFour).tokens())
                .as("min_tokens fills a short one up")
                .hasSize(4)
                .startsWith(" a");
    }

    @Test
    void theEngineAnswersFromTheDatasetInRandomModeOnly() {
        int[] prompt = new Vocabulary()
                .encode(" Every token here").stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
        Table table = new Table().add(prompt, " Recorded", " words");
        Simulator random = new Simulator(
                TestConfigs.config("--model", "m", "--mode", "random"),
                new JumpingClock(),
                List.of(),
                null,
                table,
                java.util.function.UnaryOperator.identity());
        Generation answer =
                random.plan(new GenerationRequest(random.catalog().resolve("m"), " Every token here", "", null));
        assertThat(answer.first().text()).isEqualTo(" Recorded words");
        assertThat(answer.first().finishReason()).isEqualTo(FinishReason.STOP);
        Generation limited =
                random.plan(new GenerationRequest(random.catalog().resolve("m"), " Every token here", "", 1));
        assertThat(limited.first().text()).isEqualTo(" Recorded");
        assertThat(limited.first().finishReason()).isEqualTo(FinishReason.LENGTH);

        Simulator echo = new Simulator(
                TestConfigs.config("--model", "m", "--mode", "echo"),
                new JumpingClock(),
                List.of(),
                null,
                table,
                java.util.function.UnaryOperator.identity());
        assertThat(echo.plan(new GenerationRequest(echo.catalog().resolve("m"), " Every token here", "echoed", null))
                        .first()
                        .text())
                .isEqualTo("echoed");
    }

    @Test
    void theDatasetFlagsAreCheckedTogether() {
        SimOptions options = SimOptions.builder()
                .model("m")
                .set(Flag.DATASET_PATH, "/data/d.sqlite3")
                .set(Flag.DATASET_IN_MEMORY, "true")
                .build();
        assertThat(options.operations().dataset()).isEqualTo(new DatasetOptions("/data/d.sqlite3", null, true, "llmd"));
        assertThat(SimOptions.builder()
                        .model("m")
                        .build()
                        .operations()
                        .dataset()
                        .enabled())
                .isFalse();
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .set(Flag.DATASET_URL, "https://example.com/d.sqlite3")
                        .build())
                .hasMessageContaining("--dataset-url: needs --dataset-path");
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .set(Flag.DATASET_PATH, "d.sqlite3")
                        .set(Flag.DATASET_TABLE_NAME, "llmd; DROP TABLE x")
                        .build())
                .hasMessageContaining("--dataset-table-name: must be a table name");
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .set(Flag.DATASET_PATH, "d.sqlite3")
                        .set(Flag.MODE, "echo")
                        .build())
                .hasMessageContaining("--dataset-path: cannot be used with --mode echo");
    }
}
