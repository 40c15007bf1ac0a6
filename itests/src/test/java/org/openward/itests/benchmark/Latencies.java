package org.openward.itests.benchmark;

import java.util.Arrays;

/** Latencies of one scenario, in nanoseconds; percentiles by nearest rank. */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;
    private final java.util.TreeMap<String, Integer> errors = new java.util.TreeMap<>();

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    /** A request that did not get the expected answer: its status, or the exception's name. */
    synchronized void error(String what) {
        errors.merge(what, 1, Integer::sum);
    }

    synchronized int count() {
        return size;
    }

    synchronized int errors() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** For example {@code 503×2, IOException×1}, or empty. */
    synchronized String errorKinds() {
        StringBuilder text = new StringBuilder();
        errors.forEach((what, count) -> text.append(text.length() == 0 ? "" : ", ").append(what).append('×').append(count));
        return text.toString();
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
