package dev.taleweaver.benchmarks.gatling;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every endpoint of the mixed load and its default share of requests, in basis points (1/100 of a percent): 95 % reads
 * and 5 % writes. A share can be changed per run with {@code -Dmix.HERO_BY_ID=4000} and so on.
 *
 * <p>The whole-catalogue list is kept rare: one request serialises all 10,000 heroes (megabytes of JSON), which on a
 * small machine would dominate the CPU at any realistic share.
 */
public enum Endpoint {
    HERO_BY_ID(4200, false),
    HEROES_BY_LANGUAGE(400, false),
    HEROES_ALL(20, false),
    CHILD_BY_ID(1600, false),
    STORY_BY_ID(2300, false),
    STORIES_OF_CHILD(980, false),
    PUT_HERO(200, true),
    PUT_CHILD(100, true),
    PUT_STORY_RATING(200, true);

    /** Basis points in 100 %. */
    public static final int WHOLE = 10_000;

    private final int defaultShare;
    private final boolean write;

    Endpoint(int defaultShare, boolean write) {
        this.defaultShare = defaultShare;
        this.write = write;
    }

    public boolean isWrite() {
        return write;
    }

    /** This run's share in basis points ({@code -Dmix.NAME}, else the default). */
    public int share() {
        return Integer.getInteger("mix." + name(), defaultShare);
    }

    /** Fails unless the shares of this run add up to exactly 100 %. */
    public static void requireWhole() {
        int total = Arrays.stream(values()).mapToInt(Endpoint::share).sum();
        if (total != WHOLE) {
            throw new IllegalArgumentException("the endpoint shares (-Dmix.*) add up to " + total
                    + " basis points, not " + WHOLE);
        }
    }

    /** The endpoint of one request, drawn by this run's shares. */
    public static Endpoint next() {
        return at(ThreadLocalRandom.current().nextInt(WHOLE));
    }

    /** The endpoint whose slice of [0, 10,000) holds {@code basisPoint}: slices follow declaration order. */
    static Endpoint at(int basisPoint) {
        int upTo = 0;
        for (Endpoint endpoint : values()) {
            upTo += endpoint.share();
            if (basisPoint < upTo) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException(basisPoint + " is outside [0, " + upTo + ")");
    }

    public static int writeShare() {
        return Arrays.stream(values()).filter(Endpoint::isWrite).mapToInt(Endpoint::share).sum();
    }
}
