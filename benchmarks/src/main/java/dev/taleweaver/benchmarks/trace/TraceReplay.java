package dev.taleweaver.benchmarks.trace;

import dev.taleweaver.adapter.postgres.PostgresChildRepository;
import dev.taleweaver.adapter.postgres.PostgresHeroRepository;
import dev.taleweaver.adapter.postgres.PostgresStoryRepository;
import dev.taleweaver.adapter.redis.TwoLevelCacheStore;
import dev.taleweaver.adapter.redis.VersionCheckedCopies;
import dev.taleweaver.application.cache.analytics.CacheAnalytics;
import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedChildRepository;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.CachedStoryRepository;
import dev.taleweaver.application.cache.aside.ChildCacheStrategy;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.StoryCacheStrategy;
import dev.taleweaver.application.cache.operations.CompositeCacheListener;
import dev.taleweaver.application.cache.prefetch.PrefetchQueue;
import dev.taleweaver.application.cache.prefetch.PrefetchingStoryRepository;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.in.CacheAnalyticsReport;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.MissReason;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.benchmarks.BenchStack;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.StoryId;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays a {@link Trace} in process against the real PostgreSQL and Redis of a {@link BenchStack}, through the
 * cached repositories composed as bootstrap composes them (breaker, optional L1, Redis; prefetching as CACHE_PREFETCH
 * does), starting from an empty cache each run. Requests are issued at a fixed rate (open model) by a pool of
 * threads; a request's latency counts from when it was due, so a backlog shows in the tail.
 *
 * <p>Counted as the service's metrics count them: hits and misses of keyed reads (find_by_id and id lists), database
 * loads made by the cache (misses, page members, and prefetching's own loads).
 */
public final class TraceReplay {
    /** The first page of a child's stories the trace's story list reads. */
    public static final int PAGE_SIZE = 10;

    /** Per-entity TTLs of one run. */
    public record Ttls(Duration hero, Duration child, Duration story) {
        public static final Ttls TODAY = new Ttls(HeroCacheStrategy.DEFAULT_TTL,
                ChildCacheStrategy.DEFAULT_TTL, StoryCacheStrategy.DEFAULT_TTL);

        /** {@code hero=3600,child=1800,story=600} (seconds); entities not named keep {@code base}'s. */
        public static Ttls parse(String text, Ttls base) {
            Map<String, Duration> ttls = new LinkedHashMap<>(Map.of("hero", base.hero, "child", base.child,
                    "story", base.story));
            for (String part : text.split(",")) {
                String[] kv = part.strip().split("=");
                if (kv.length != 2 || !ttls.containsKey(kv[0].strip())) {
                    throw new IllegalArgumentException("TTLs look like hero=3600,child=1800,story=600; got " + text);
                }
                ttls.put(kv[0].strip(), Duration.ofSeconds(Long.parseLong(kv[1].strip())));
            }
            return new Ttls(ttls.get("hero"), ttls.get("child"), ttls.get("story"));
        }

        /** Every TTL divided by {@code factor} (at least a second): time compressed for a short replay. */
        public Ttls scaledDown(double factor) {
            return new Ttls(scale(hero, factor), scale(child, factor), scale(story, factor));
        }

        private static Duration scale(Duration ttl, double factor) {
            return Duration.ofMillis(Math.max(1000, (long) (ttl.toMillis() / factor)));
        }

        @Override
        public String toString() {
            return "hero=" + hero.toSeconds() + ",child=" + child.toSeconds() + ",story=" + story.toSeconds();
        }
    }

    /** One replay's configuration. */
    public record Run(String name, Ttls ttls, boolean prefetch, boolean l1, int rate, int threads) {
    }

    /** What one replay measured. */
    public record Result(Run run, int requests, long hits, long misses, long loads, long errors, long p50Nanos,
                         long p99Nanos, long readP99Nanos, long prefetchLoaded, long prefetchDropped,
                         Duration took, CacheAnalyticsReport analytics) {
        public double hitRate() {
            long reads = hits + misses;
            return reads == 0 ? 0 : (double) hits / reads;
        }

        public double loadsPerThousand() {
            return requests == 0 ? 0 : loads * 1000.0 / requests;
        }
    }

    private TraceReplay() {
    }

    public static Result replay(BenchStack stack, Trace trace, Run run) throws InterruptedException {
        stack.deleteKeys();
        Counting counting = new Counting();
        // the cache analytics of ADR 15, as a service runs it, for the TTL advice of this run (in replayed time)
        Map<String, Duration> ttls = new LinkedHashMap<>(); // reported in this order
        ttls.put("hero", run.ttls().hero());
        ttls.put("child", run.ttls().child());
        ttls.put("story", run.ttls().story());
        CacheAnalytics analytics = new CacheAnalytics(Clock.systemUTC(), ttls);
        CacheListener listener = CompositeCacheListener.of(counting, analytics);
        TwoLevelCacheStore l1 = run.l1() ? TwoLevelCacheStore.create(stack.redis(), stack.redisStore(),
                stack.config().redis(), 10_000).reportingL1HitsTo(listener) : null;
        // composed as CacheLayer does: breaker over the L1, or over version-checked copies of Redis without it
        CircuitBreakingCacheStore store = new CircuitBreakingCacheStore(l1 != null ? l1
                : new VersionCheckedCopies(stack.redisStore()));
        PrefetchQueue queue = run.prefetch() ? new PrefetchQueue(PrefetchQueue.whileUsable(store)).start() : null;
        try {
            CacheOptions options = CacheOptions.defaults().withClock(Clock.systemUTC()).withListener(listener);
            if (queue != null) {
                options = options.withRefreshAhead(queue);
            }
            var jdbi = stack.database().jdbi();
            CachedStoryRepository cachedStories = new CachedStoryRepository(new PostgresStoryRepository(jdbi), store,
                    new StoryCacheStrategy(stack.codecs(), run.ttls().story()), options);
            CachedHeroRepository heroes = new CachedHeroRepository(new PostgresHeroRepository(jdbi), store,
                    new HeroCacheStrategy(stack.codecs(), run.ttls().hero()), options, cachedStories);
            CachedChildRepository children = new CachedChildRepository(new PostgresChildRepository(jdbi), store,
                    new ChildCacheStrategy(stack.codecs(), run.ttls().child()), options, cachedStories);
            StoryRepository stories = queue == null ? cachedStories
                    : new PrefetchingStoryRepository(cachedStories, heroes, children, queue);
            Requests requests = new Requests(stories, heroes, children);
            return issue(trace, run, requests, counting, queue, analytics);
        } finally {
            if (queue != null) {
                queue.close();
            }
            store.close();
            if (l1 != null) {
                l1.close();
            }
        }
    }

    private static Result issue(Trace trace, Run run, Requests requests, Counting counting, PrefetchQueue queue,
                                CacheAnalytics analytics) throws InterruptedException {
        int n = trace.steps().size();
        long[] latencies = new long[n];
        LongAdder errors = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(run.threads());
        long interval = 1_000_000_000L / run.rate();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                pool.execute(() -> {
                    try {
                        requests.run(trace.steps().get(index), index);
                    } catch (RuntimeException e) {
                        errors.increment();
                    }
                    latencies[index] = System.nanoTime() - due;
                });
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long[] reads = new long[n];
        int readCount = 0;
        for (int i = 0; i < n; i++) {
            if (!trace.steps().get(i).kind().write()) {
                reads[readCount++] = latencies[i];
            }
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long[] sortedReads = Arrays.copyOf(reads, readCount);
        Arrays.sort(sortedReads);
        return new Result(run, n, counting.hits.sum(), counting.misses.sum(), counting.loads.sum(), errors.sum(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sortedReads, 0.99),
                queue == null ? 0 : queue.loaded(), queue == null ? 0 : queue.dropped(), took,
                analytics.analytics());
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The trace's requests, each as the HTTP route's service would make it. */
    private record Requests(StoryRepository stories, CachedHeroRepository heroes, CachedChildRepository children) {
        void run(Trace.Step step, int index) {
            switch (step.kind()) {
                case STORY_LIST -> stories.page(new Listing.OfChild(new ChildId(step.id()), Optional.empty()),
                        PageRequest.first(PAGE_SIZE));
                case STORY -> stories.findById(new StoryId(step.id()));
                case HERO -> heroes.findById(new HeroId(step.id()));
                case CHILD -> children.findById(new ChildId(step.id()));
                case RATE_STORY -> stories.update(new StoryId(step.id()), view -> view.story()
                        .withRating(new Rating(Rating.MIN + index % Rating.MAX), java.time.Instant.now()));
                case RENAME_HERO -> heroes.update(new HeroId(step.id()), hero -> renamed(hero, index));
            }
        }

        private static Hero renamed(Hero hero, int index) {
            String base = hero.name().replaceAll(" #\\d+$", "");
            String name = base.substring(0, Math.min(base.length(), Hero.NAME_MAX - 12)) + " #" + index;
            return new Hero(hero.id(), name, hero.age(), hero.gender(), hero.appearance(), hero.personalityTraits(),
                    hero.interests(), hero.strengths(), hero.language(), hero.createdAt(), java.time.Instant.now());
        }
    }

    /** Hits, misses and loads, as the Micrometer listener counts them. */
    private static final class Counting implements CacheListener {
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder loads = new LongAdder();

        @Override
        public void onHit(String entityType, CacheOperation operation, long nanos) {
            hits.increment();
        }

        @Override
        public void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
            misses.increment();
        }

        @Override
        public void onLoad(String entityType, long nanos) {
            loads.increment();
        }
    }
}
