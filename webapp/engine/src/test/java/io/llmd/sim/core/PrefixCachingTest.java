package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Prefix caching through the engine: its flags, the cached tokens of a run, a shorter prefill, metrics' counts. */
class PrefixCachingTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);
    /** 3 blocks of 16 tokens and one more token. */
    private static final String PREFIX =
            IntStream.range(0, 48).mapToObj(i -> " w" + i).collect(Collectors.joining());

    private final FakeClock clock = new FakeClock(0);
    private final List<String> told = new ArrayList<>();
    private final EngineListener listener = new EngineListener() {
        @Override
        public void onPrefixCacheQuery(int promptTokens, int cachedTokens) {
            told.add("query " + promptTokens + "/" + cachedTokens);
        }

        @Override
        public void onKvEvent(KvEvent event) {
            told.add(event.getClass().getSimpleName());
        }

        @Override
        public boolean wantsKvEvents() {
            return true;
        }
    };

    private Simulator simulator(String... extra) {
        List<String> args = new ArrayList<>(List.of("--model", "m", "--seed", "1", "--max-model-len", "512"));
        args.addAll(List.of(extra));
        return new Simulator(config(args.toArray(String[]::new)), clock, List.of(listener));
    }

    private static GenerationRequest request(String prompt) {
        return new GenerationRequest(BASE, prompt, "", 2);
    }

    /** Runs a request whole and returns it, with the nanoseconds from its start to its first token. */
    private long[] play(Simulator simulator, String prompt) throws InterruptedException {
        Run run = simulator.admit(simulator.plan(request(prompt)), clock.nanoTime());
        long start = clock.nanoTime();
        run.awaitStart();
        run.awaitNextToken();
        long firstToken = clock.nanoTime() - start;
        run.tokensDelivered(1);
        run.awaitNextToken();
        run.tokensDelivered(1);
        run.finish();
        return new long[] {run.cachedTokens(), firstToken};
    }

    @Test
    void aSecondRequestSharingThreeBlocksReportsThemCachedAndPrefillsOnlyTheRest() throws InterruptedException {
        Simulator simulator = simulator("--prefill-time-per-token", "1");

        long[] first = play(simulator, PREFIX + " first");
        long[] second = play(simulator, PREFIX + " second question");

        assertThat(first[0]).isZero();
        assertThat(first[1]).as("49 tokens prefilled").isEqualTo(49_000_000L);
        assertThat(second[0]).isEqualTo(48);
        assertThat(second[1]).as("50 tokens, 48 cached").isEqualTo(2_000_000L);
        assertThat(told)
                .as("the second prompt has no full block beyond the three cached")
                .containsExactly("BlockStored", "query 49/0", "query 50/48");
    }

    /** Plays a request held to {@code threshold} whole: its answer, with the time from its start to when it is due. */
    private Object[] playHeldTo(Simulator simulator, String prompt, double threshold, boolean force)
            throws InterruptedException {
        Run run = simulator.admit(simulator.plan(request(prompt)), clock.nanoTime());
        run.cacheHitThreshold(threshold, force);
        long start = clock.nanoTime();
        run.awaitStart();
        run.awaitAnswer();
        long due = clock.nanoTime() - start;
        Generation answer = run.answer();
        run.finish();
        return new Object[] {answer, due, run.belowCacheThreshold(), run.trace().finishedReason()};
    }

    @Test
    void aRequestBelowItsCacheHitThresholdEndsAtItsStartWithoutATokenAndItsBlocksStayCached()
            throws InterruptedException {
        Simulator simulator = simulator("--prefill-time-per-token", "1", "--global-cache-hit-threshold", "0.5");
        double threshold = simulator.config().prefixCache().cacheHitThreshold(null);
        assertThat(threshold).as("the global threshold").isEqualTo(0.5);

        Object[] cold = playHeldTo(simulator, PREFIX + " first", threshold, false);
        Generation answer = (Generation) cold[0];
        assertThat(answer.completionTokens()).isZero();
        assertThat(answer.first().finishReason()).isEqualTo(FinishReason.CACHE_THRESHOLD);
        assertThat(answer.first().finishReason().value()).isEqualTo("cache_threshold");
        assertThat(cold[1]).as("no prefill, no token").isEqualTo(0L);
        assertThat(cold[3]).isEqualTo("cache_threshold");

        Object[] warm = playHeldTo(simulator, PREFIX + " second", threshold, false);
        assertThat(warm[2]).as("48 of 50 tokens cached, above one half").isEqualTo(false);
        assertThat(((Generation) warm[0]).completionTokens()).isEqualTo(2);

        Object[] forced = playHeldTo(simulator, PREFIX + " third", 0, true);
        assertThat(forced[2])
                .as("X-Cache-Threshold-Finish-Reason: true, whatever is cached")
                .isEqualTo(true);
    }

    @Test
    void theRequestsOwnThresholdWinsWithinZeroToOneAndNoneHoldsWithoutPrefixCaching() {
        PrefixCacheOptions global =
                config("--model", "m", "--global-cache-hit-threshold", "0.3").prefixCache();
        assertThat(global.cacheHitThreshold(0.8)).isEqualTo(0.8);
        assertThat(global.cacheHitThreshold(0.0)).isZero();
        assertThat(global.cacheHitThreshold(1.5))
                .as("out of range: the global one")
                .isEqualTo(0.3);
        assertThat(global.cacheHitThreshold(-1.0)).isEqualTo(0.3);
        assertThat(config("--model", "m").prefixCache().cacheHitThreshold(null))
                .as("no threshold at all")
                .isEqualTo(-1);
        assertThat(config("--model", "m", "--no-enable-prefix-caching", "--global-cache-hit-threshold", "0.3")
                        .prefixCache()
                        .cacheHitThreshold(0.9))
                .isEqualTo(-1);
    }

    @Test
    void pythonHashSeedSeedsTheBlockHashesUnlessHashSeedIsGiven() {
        ParsedFlags none = ParsedFlags.read(CommandLine.parse("--model", "m").values());
        assertThat(PrefixCacheOptions.from(none, "5").hashSeed()).isEqualTo("5");
        ParsedFlags given = ParsedFlags.read(
                CommandLine.parse("--model", "m", "--hash-seed", "7").values());
        assertThat(PrefixCacheOptions.from(given, "5").hashSeed())
                .as("--hash-seed wins")
                .isEqualTo("7");
        assertThat(PrefixCacheOptions.from(none, null).hashSeed()).as("random").isNull();
    }

    @Test
    void sleepingWithTheKvCacheReleasedDropsEveryCachedPrefix() throws InterruptedException {
        Simulator simulator = simulator();
        play(simulator, PREFIX);

        simulator.sleep().sleep(1, Scheduler.InFlight.ABORT);
        simulator.sleep().wakeUp(null);

        assertThat(told).contains("AllBlocksCleared");
        assertThat(play(simulator, PREFIX)[0])
                .as("nothing cached after the wake-up")
                .isZero();
    }

    @Test
    void noEnablePrefixCachingTurnsItOff() throws InterruptedException {
        Simulator simulator = simulator("--no-enable-prefix-caching");

        play(simulator, PREFIX + " first");

        assertThat(play(simulator, PREFIX + " second")[0]).isZero();
        assertThat(told).isEmpty();
        assertThat(simulator.config().prefixCache().enabled()).isFalse();
    }

    @Test
    void prefixCachingIsOnByDefaultAndTheGoSwitchAlsoReportsCachedTokens() {
        assertThat(config("--model", "m").prefixCache())
                .isEqualTo(new PrefixCacheOptions(true, PrefixHashAlgo.SHA256, null, false, KvEventsOptions.NONE, 0));
        assertThat(config("--model", "m", "--enable-kvcache").prefixCache().promptTokensDetails())
                .isTrue();
        assertThat(config("--model", "m", "--enable-prefix-caching", "false")
                        .prefixCache()
                        .enabled())
                .isFalse();
        assertThat(config("--model", "m", "--hash-seed", "7", "--prefix-caching-hash-algo", "sha256_cbor")
                        .prefixCache())
                .isEqualTo(
                        new PrefixCacheOptions(true, PrefixHashAlgo.SHA256_CBOR, "7", false, KvEventsOptions.NONE, 0));
    }

    @Test
    void tokenIdPromptsAndCacheSaltsAreHashedAsGiven() throws InterruptedException {
        Simulator simulator = simulator();
        List<Integer> ids = IntStream.range(0, 40).boxed().toList();
        GenerationRequest salted = new GenerationRequest(
                BASE,
                "",
                ids.size(),
                "",
                2,
                GenerationRequest.Sampling.DEFAULT,
                null,
                Generation.KvTransfer.NONE,
                ids,
                "s1");
        GenerationRequest otherSalt = new GenerationRequest(
                BASE,
                "",
                ids.size(),
                "",
                2,
                GenerationRequest.Sampling.DEFAULT,
                null,
                Generation.KvTransfer.NONE,
                ids,
                "s2");

        Generation first = simulator.plan(salted);

        assertThat(first.prompt().tokens())
                .as("the prompt's ids, then the answer's two")
                .hasSize(ids.size() + 2)
                .startsWith(ids.stream().mapToInt(i -> i).toArray());
        assertThat(first.prompt().hashes()).hasSize(2);
        assertThat(simulator.plan(otherSalt).prompt().hashes()[0])
                .isNotEqualTo(first.prompt().hashes()[0]);
        assertThat(simulator.plan(salted).prompt().hashes())
                .containsExactly(first.prompt().hashes());
    }
}
