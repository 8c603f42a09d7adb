package io.llmd.sim.web;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Whether the heap is short: in use above a share of its maximum now, and still above a (lower)
 * share of it after the last collections. The first test is cheap and passes almost always; the
 * second keeps a heap full of garbage that the next collection frees (G1 fills its young
 * generation before collecting) from counting as short.
 */
final class HeapWatch {
    /** What the JVM says about its heap; tests give their own. */
    interface Readings {
        long max();

        long used();

        /** Heap in use after each pool's last collection, summed; -1 when unknown. */
        long usedAfterCollection();
    }

    /** The running JVM's heap. */
    static final Readings JVM = new Readings() {
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();

        @Override
        public long max() {
            return Runtime.getRuntime().maxMemory();
        }

        @Override
        public long used() {
            Runtime runtime = Runtime.getRuntime();
            return runtime.totalMemory() - runtime.freeMemory();
        }

        @Override
        public long usedAfterCollection() {
            long sum = 0;
            boolean known = false;
            for (MemoryPoolMXBean pool : pools) {
                MemoryUsage after = pool.isValid() ? pool.getCollectionUsage() : null;
                if (after != null) {
                    sum += after.getUsed();
                    known = true;
                }
            }
            return known ? sum : -1;
        }
    };

    private final Readings readings;
    private final double inUse;
    private final double afterCollection;

    /**
     * @param inUse share of the maximum heap in use that makes it worth asking about collections
     * @param afterCollection share still in use after the last collections that makes the heap short
     */
    HeapWatch(Readings readings, double inUse, double afterCollection) {
        this.readings = readings;
        this.inUse = inUse;
        this.afterCollection = afterCollection;
    }

    /** Short at 90 % in use with 75 % left after the last collections. */
    static HeapWatch ofThisJvm() {
        return new HeapWatch(JVM, 0.90, 0.75);
    }

    boolean isShort() {
        long max = readings.max();
        if (max <= 0 || max == Long.MAX_VALUE || readings.used() < inUse * max) {
            return false;
        }
        long after = readings.usedAfterCollection();
        // Without collection figures, in use is all there is to go by.
        return after < 0 || after >= afterCollection * max;
    }
}
