package dev.taleweaver.benchmarks.data;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Zipf-distributed picks among {@code n} items: item of rank {@code k} (1-based) has weight {@code 1 / k^s}. With
 * s = 1 a few hot items take most reads, as real catalogues do. Sampling is a binary search in the cumulative
 * weights, so it costs O(log n) and allocates nothing.
 */
public final class Zipf {
    private final double[] cumulative;

    public Zipf(int n, double s) {
        if (n < 1) {
            throw new IllegalArgumentException("a Zipf distribution needs at least one item, got " + n);
        }
        if (s < 0) {
            throw new IllegalArgumentException("the Zipf exponent must not be negative, got " + s);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, s);
            cumulative[k - 1] = sum;
        }
    }

    /** A rank index in [0, n): 0 is the hottest. */
    public int next() {
        return next(ThreadLocalRandom.current());
    }

    /** A rank index in [0, n) drawn from {@code random} (a seeded one makes a replayable sequence, e.g. a trace). */
    public int next(RandomGenerator random) {
        return indexOf(random.nextDouble() * cumulative[cumulative.length - 1]);
    }

    /** The rank whose cumulative weight first exceeds {@code u}, for u in [0, total). */
    int indexOf(double u) {
        int found = Arrays.binarySearch(cumulative, u);
        int index = found >= 0 ? found + 1 : -found - 1;
        return Math.min(index, cumulative.length - 1);
    }

    /** The probability of the item at rank index {@code i}. */
    double probability(int i) {
        double previous = i == 0 ? 0 : cumulative[i - 1];
        return (cumulative[i] - previous) / cumulative[cumulative.length - 1];
    }

    public int size() {
        return cumulative.length;
    }
}
