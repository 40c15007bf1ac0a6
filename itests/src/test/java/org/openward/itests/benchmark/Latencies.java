package org.openward.itests.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Latencies of one scenario, in nanoseconds; percentiles by nearest rank. Errors are counted by
 * kind, and the first few are kept in full for the report.
 */
final class Latencies {

    /** How many errors are kept in full. */
    static final int ERRORS_KEPT = 10;

    private long[] values = new long[1 << 16];
    private int size;
    private final TreeMap<String, Integer> errors = new TreeMap<>();
    private final List<String> firstErrors = new ArrayList<>();

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

    /** Like {@link #error(String)}, with what happened in full (request, answer, when). */
    synchronized void error(String what, String detail) {
        error(what);
        if (firstErrors.size() < ERRORS_KEPT) {
            firstErrors.add(detail);
        }
    }

    /** The first {@link #ERRORS_KEPT} errors given in full, in the order they happened. */
    synchronized List<String> firstErrors() {
        return List.copyOf(firstErrors);
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

    /** The p-th percentile (0 < p <= 100; 100 is the maximum) in milliseconds. */
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
