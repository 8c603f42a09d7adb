package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The scheduler with vLLM's prefix cache: leading-run hits, the last token computed, LRU eviction, events. */
class SchedulerPrefixCacheTest {
    private static final int BLOCK = 4;

    private final FakeClock clock = new FakeClock(0);
    private final Events events = new Events();
    private final BlockHasher hasher = new BlockHasher(PrefixHashAlgo.SHA256, "0", BLOCK, new SeededRandom(1));

    /** What the scheduler tells of the prefix cache. */
    private static final class Events implements SchedulerListener {
        final List<KvEvent> kv = new ArrayList<>();
        final List<int[]> queries = new ArrayList<>();

        @Override
        public void onChange(
                int running,
                int waiting,
                List<String> runningLoras,
                List<String> waitingLoras,
                boolean lorasChanged,
                int usedBlocks) {}

        @Override
        public void onPrefixCacheQuery(int promptTokens, int cachedTokens) {
            queries.add(new int[] {promptTokens, cachedTokens});
        }

        @Override
        public void onKvEvent(KvEvent event) {
            kv.add(event);
        }

        @Override
        public boolean wantsKvEvents() {
            return true;
        }
    }

    private Scheduler scheduler(int blocks, boolean caching) {
        return new Scheduler(new Scheduler.Limits(4, 10, 1, 1, blocks, BLOCK), caching, clock, events);
    }

    private PromptBlocks prompt(int from, int to) {
        return hasher.hash(IntStream.range(from, to).toArray(), null, null);
    }

    private static Ticket submit(Scheduler scheduler, PromptBlocks prompt) {
        return scheduler.submit(null, 0, prompt.tokens().length, prompt);
    }

    @Test
    void aSharedPrefixIsTakenFromTheCacheAndOnlyTheNewBlocksAreStored() {
        Scheduler scheduler = scheduler(20, true);
        PromptBlocks first = prompt(0, 12);
        PromptBlocks second = prompt(0, 18);

        submit(scheduler, first).finish();
        Ticket later = submit(scheduler, second);

        assertThat(later.cachedTokens()).isEqualTo(12);
        assertThat(events.kv)
                .containsExactly(
                        new KvEvent.BlockStored(
                                List.of(first.hashes()[0], first.hashes()[1], first.hashes()[2]),
                                null,
                                IntStream.range(0, 12).boxed().toList(),
                                BLOCK,
                                null),
                        new KvEvent.BlockStored(
                                List.of(second.hashes()[3]),
                                first.hashes()[2],
                                IntStream.range(12, 16).boxed().toList(),
                                BLOCK,
                                null));
        assertThat(second.hashes()).startsWith(first.hashes());
        assertThat(events.queries).extracting(q -> q[0] + "/" + q[1]).containsExactly("12/0", "18/12");
    }

    @Test
    void theLastPromptTokenIsAlwaysComputed() {
        Scheduler scheduler = scheduler(20, true);

        submit(scheduler, prompt(0, 12)).finish();

        assertThat(submit(scheduler, prompt(0, 12)).cachedTokens())
                .as("a whole-prompt hit stops a block short")
                .isEqualTo(8);
        assertThat(submit(scheduler, prompt(0, 13)).cachedTokens()).isEqualTo(12);
    }

    @Test
    void onlyTheLeadingRunOfCachedBlocksCounts() {
        Scheduler scheduler = scheduler(20, true);
        submit(scheduler, prompt(0, 8)).finish();

        Ticket other = submit(scheduler, prompt(100, 108));

        assertThat(other.cachedTokens()).isZero();
    }

    @Test
    void aRunningRequestsBlocksAreSharedAndCountOnceInUse() {
        Scheduler scheduler = scheduler(20, true);
        Ticket running = submit(scheduler, prompt(0, 12));
        assertThat(scheduler.usedBlocks()).isEqualTo(3);

        Ticket sharing = submit(scheduler, prompt(0, 16));

        assertThat(sharing.cachedTokens()).isEqualTo(12);
        assertThat(scheduler.usedBlocks()).as("3 shared, 1 new").isEqualTo(4);
        running.finish();
        sharing.finish();
        assertThat(scheduler.usedBlocks())
                .as("cached blocks no request holds are free")
                .isZero();
    }

    @Test
    void freeCachedBlocksAreEvictedLeastRecentlyUsedFirstTailFirst() {
        Scheduler scheduler = scheduler(4, true);
        PromptBlocks a = prompt(0, 8);
        PromptBlocks b = prompt(100, 108);
        submit(scheduler, a).finish();
        submit(scheduler, b).finish();
        events.kv.clear();

        submit(scheduler, prompt(200, 208)).finish();

        assertThat(events.kv)
                .startsWith(
                        new KvEvent.BlockRemoved(List.of(a.hashes()[1])),
                        new KvEvent.BlockRemoved(List.of(a.hashes()[0])));
        assertThat(submit(scheduler, prompt(100, 109)).cachedTokens())
                .as("b was used after a, so it stayed")
                .isEqualTo(8);
    }

    @Test
    void blocksOfRunningRequestsAreNeverEvicted() {
        Scheduler scheduler = scheduler(4, true);
        Ticket holder = submit(scheduler, prompt(0, 8));

        Ticket big = submit(scheduler, prompt(100, 112));

        assertThat(big.isStarted()).as("3 blocks needed, 2 free").isFalse();
        assertThat(events.kv).noneMatch(KvEvent.BlockRemoved.class::isInstance);
        holder.finish();
        assertThat(big.isStarted()).isTrue();
        assertThat(events.kv)
                .contains(new KvEvent.BlockRemoved(List.of(prompt(0, 8).hashes()[1])));
    }

    @Test
    void aHitOnFreeBlocksTakesThemBackFromTheFreeQueue() {
        Scheduler scheduler = scheduler(4, true);
        submit(scheduler, prompt(0, 8)).finish();

        Ticket again = submit(scheduler, prompt(0, 12));

        assertThat(again.cachedTokens()).isEqualTo(8);
        assertThat(scheduler.usedBlocks()).isEqualTo(3);
        assertThat(events.kv).noneMatch(KvEvent.BlockRemoved.class::isInstance);
    }

    @Test
    void aPreemptedRequestIsCountedOnceAndKeepsItsFirstHit() {
        Scheduler scheduler = scheduler(6, true);
        submit(scheduler, prompt(0, 8)).finish();
        Ticket old = submit(scheduler, prompt(50, 58));
        Ticket newest = submit(scheduler, prompt(0, 12));
        assertThat(newest.cachedTokens()).isEqualTo(8);

        assertThat(old.grow(21)).isTrue();
        assertThat(newest.isStarted()).isTrue();
        old.finish();

        assertThat(newest.cachedTokens()).isEqualTo(8);
        assertThat(events.queries).hasSize(3);
    }

    @Test
    void withoutPrefixCachingNothingIsCachedOrTold() {
        Scheduler scheduler = scheduler(20, false);
        submit(scheduler, prompt(0, 12)).finish();

        assertThat(submit(scheduler, prompt(0, 16)).cachedTokens()).isZero();
        assertThat(events.kv).isEmpty();
        assertThat(events.queries).isEmpty();
    }

    @Test
    void clearingDropsEveryCachedPrefix() {
        Scheduler scheduler = scheduler(20, true);
        submit(scheduler, prompt(0, 12)).finish();

        scheduler.clearPrefixCache();

        assertThat(events.kv).last().isEqualTo(new KvEvent.AllBlocksCleared());
        assertThat(submit(scheduler, prompt(0, 16)).cachedTokens()).isZero();
    }

    /** Prompt tokens 0..5, then the answer's 100..109: four full blocks of four in all. */
    private PromptBlocks promptAndAnswer() {
        int[] tokens = new int[16];
        for (int i = 0; i < 16; i++) {
            tokens[i] = i < 6 ? i : 100 + i - 6;
        }
        return hasher.hash(tokens, null, null);
    }

    private static List<Integer> ids(int... ids) {
        return IntStream.of(ids).boxed().toList();
    }

    @Test
    void blocksTheAnswerFillsAreCachedAsItIsGeneratedButNotTheLastTokensBlock() {
        Scheduler scheduler = scheduler(20, true);
        PromptBlocks sequence = promptAndAnswer();
        Ticket ticket = scheduler.submit(null, 0, 6, sequence);

        assertThat(events.kv)
                .as("the prompt's one full block, at the start")
                .containsExactly(
                        new KvEvent.BlockStored(List.of(sequence.hashes()[0]), null, ids(0, 1, 2, 3), BLOCK, null));
        // Before token k is delivered the request has 6 + k + 1 tokens; tokens 0..k-1 are computed.
        for (int k = 0; k < 10; k++) {
            assertThat(ticket.grow(6 + k + 1)).isTrue();
            if (k == 1) {
                assertThat(events.kv)
                        .as("nothing more until a block is full and computed")
                        .hasSize(1);
            }
        }
        ticket.finish();

        assertThat(events.kv)
                .containsExactly(
                        new KvEvent.BlockStored(List.of(sequence.hashes()[0]), null, ids(0, 1, 2, 3), BLOCK, null),
                        new KvEvent.BlockStored(
                                List.of(sequence.hashes()[1]), sequence.hashes()[0], ids(4, 5, 100, 101), BLOCK, null),
                        new KvEvent.BlockStored(
                                List.of(sequence.hashes()[2]),
                                sequence.hashes()[1],
                                ids(102, 103, 104, 105),
                                BLOCK,
                                null));
    }

    @Test
    void aFollowUpPromptThatRepeatsTheAnswerFindsItsBlocksCached() {
        Scheduler scheduler = scheduler(20, true);
        Ticket first = scheduler.submit(null, 0, 6, promptAndAnswer());
        for (int k = 0; k < 10; k++) {
            first.grow(6 + k + 1);
        }
        first.finish();
        int[] followUp = new int[20];
        for (int i = 0; i < 20; i++) {
            followUp[i] = i < 6 ? i : i < 16 ? 100 + i - 6 : 200 + i;
        }

        Ticket second = submit(scheduler, hasher.hash(followUp, null, null));

        assertThat(second.cachedTokens()).isEqualTo(12);
    }

    @Test
    void storedBlocksOfAnAdapterCarryItsId() {
        Scheduler scheduler = scheduler(20, true);
        PromptBlocks prompt = hasher.hash(IntStream.range(0, 8).toArray(), "sql", 3, null);

        scheduler.submit("sql", 0, 8, prompt).finish();

        assertThat(events.kv)
                .containsExactly(new KvEvent.BlockStored(
                        List.of(prompt.hashes()[0], prompt.hashes()[1]),
                        null,
                        IntStream.range(0, 8).boxed().toList(),
                        BLOCK,
                        "sql",
                        3));
    }
}
