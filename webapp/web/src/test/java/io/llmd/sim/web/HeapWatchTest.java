package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The heap is short only when it is nearly full now and was still well filled after the last collections. */
class HeapWatchTest {
    private static final long MAX = 1_000;

    private record Fixed(long max, long used, long usedAfterCollection) implements HeapWatch.Readings {}

    private static boolean isShort(long max, long used, long afterCollection) {
        return new HeapWatch(new Fixed(max, used, afterCollection), 0.90, 0.75).isShort();
    }

    @Test
    void aHeapWithRoomIsNotShort() {
        assertThat(isShort(MAX, 500, 400)).isFalse();
    }

    @Test
    void aFullHeapThatTheLastCollectionEmptiedIsNotShort() {
        // Garbage waiting for the next collection: G1 fills its young generation before it collects.
        assertThat(isShort(MAX, 950, 300)).isFalse();
    }

    @Test
    void aFullHeapThatStayedFullAfterTheLastCollectionIsShort() {
        assertThat(isShort(MAX, 950, 800)).isTrue();
    }

    @Test
    void withoutCollectionFiguresAFullHeapIsShort() {
        assertThat(isShort(MAX, 950, -1)).isTrue();
    }

    @Test
    void anUnboundedHeapIsNeverShort() {
        assertThat(isShort(Long.MAX_VALUE, Long.MAX_VALUE - 1, -1)).isFalse();
    }

    @Test
    void theRunningJvmReportsItsHeap() {
        assertThat(HeapWatch.JVM.max()).isPositive();
        assertThat(HeapWatch.JVM.used()).isPositive();
        assertThat(HeapWatch.ofThisJvm().isShort()).isFalse();
    }
}
