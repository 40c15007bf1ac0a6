package org.openward.itests.benchmark;

import java.util.Arrays;

/** Latencies of one scenario, in nanoseconds; percentiles by nearest rank. */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;
    private int errors;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void error() {
        errors++;
    }

    synchronized int count() {
        return size;
    }

    synchronized int errors() {
        return errors;
    }

    /** The p-th percentile (0 < p <= 100) in milliseconds. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
    }
}
