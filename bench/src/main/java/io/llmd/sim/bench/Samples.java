package io.llmd.sim.bench;

import java.util.Arrays;

/**
 * A growable list of durations kept in whole microseconds (signed: an error can be early), summed
 * up by sorting. Cheap enough for millions of samples per run.
 */
final class Samples {
    private int[] micros;
    private int size;

    Samples(int expected) {
        micros = new int[Math.max(16, expected)];
    }

    void addNanos(long nanos) {
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, size * 2);
        }
        long value = nanos / 1_000;
        micros[size++] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    int count() {
        return size;
    }

    Summary summary() {
        int[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        return new Summary(sorted);
    }

    /** Sorted samples; percentiles by nearest rank, in milliseconds. */
    @SuppressWarnings("ArrayRecordComponent") // read only, never compared
    record Summary(int[] sorted) {
        int count() {
            return sorted.length;
        }

        double percentileMs(double percentile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000.0;
        }

        double maxMs() {
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1_000.0;
        }

        double minMs() {
            return sorted.length == 0 ? Double.NaN : sorted[0] / 1_000.0;
        }

        /** How many samples are below {@code ms}. */
        int countBelowMs(double ms) {
            int key = (int) Math.round(ms * 1_000);
            int index = Arrays.binarySearch(sorted, key);
            if (index < 0) {
                return -index - 1;
            }
            while (index > 0 && sorted[index - 1] == key) {
                index--;
            }
            return index;
        }

        /** How many samples are above {@code ms}. */
        int countAboveMs(double ms) {
            int key = (int) Math.round(ms * 1_000);
            int index = Arrays.binarySearch(sorted, key);
            if (index < 0) {
                return sorted.length - (-index - 1);
            }
            while (index < sorted.length - 1 && sorted[index + 1] == key) {
                index++;
            }
            return sorted.length - index - 1;
        }
    }
}
