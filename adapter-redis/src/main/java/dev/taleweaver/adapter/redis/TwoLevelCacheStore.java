package dev.taleweaver.adapter.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import dev.taleweaver.adapter.redis.InvalidationEpochs.Ticket;
import dev.taleweaver.application.port.out.AlienCacheDataException;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;
import dev.taleweaver.application.port.out.L1CacheFigures;
import dev.taleweaver.application.port.out.LocalCacheStats;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded in-process L1 (Caffeine) in front of Redis, kept consistent across instances through a Redis pub/sub
 * channel, {@code <prefix>l1:invalidate}.
 *
 * <p><b>Reads.</b> {@code get} answers from the L1 when it is trusted (below) and holds the key; otherwise it reads
 * Redis and keeps a hit in the L1, unless an invalidation of that key (or a lapse of trust) happened while the read
 * was under way ({@link InvalidationEpochs}): an invalidation that overtakes a slow read is never undone by it.
 * Successful {@code set} / {@code setIfVersion} fill the L1 the same way.
 *
 * <p><b>Writes.</b> {@code delete}, {@code invalidate} and {@code deletePattern} forget the keys locally, change
 * Redis, forget them locally again (a read of the old value racing the Redis change is refused or removed), and
 * then PUBLISH the keys (or the pattern) before returning. Every instance, this one included, forgets what it
 * hears.
 *
 * <p><b>Trust.</b> Each instance publishes a heartbeat of its own on the same channel every
 * {@link L1Settings#heartbeatInterval()}. Redis delivers a channel's messages to a subscriber in the order it ran
 * the PUBLISHes, so our heartbeat sent at time h coming back proves every invalidation published before h has been
 * received. The L1 answers only while the newest heartbeat back was sent less than {@link L1Settings#trustWindow()}
 * ago and the chain was unbroken ({@link HeartbeatTrust}); otherwise it is bypassed until heartbeats come back, and
 * cleared too when invalidations may have been lost. Hence: once a write's invalidation was published on instance A,
 * instance B answers the old value from its L1 for at most the trust window (75 ms by default, inside the 100 ms
 * staleness bound), across Redis outages, reconnects and pauses of either JVM.
 *
 * <p><b>Invalidations that were never published.</b> When Redis stalls for a Redis timeout, A's invalidation call
 * fails and its PUBLISH is never sent (A's circuit breaker replays it later); its script may still run when Redis
 * resumes. Heartbeats cannot vouch for it, so a lapse of {@link L1Settings#lossyLapse()} or longer (no shorter stall
 * makes a call time out) clears the L1 before trust returns, and a Redis answer that took that long is read as a
 * miss: it may have been served before an invalidation queued behind it.
 *
 * <p>Failures of Redis surface as the delegate's {@code CacheStoreException}s, as without the L1.
 *
 * <p>This class keeps the L1 (reads, fills, forgetting); publishing, hearing and the heartbeat thread are the
 * {@link L1Channel}'s.
 */
public final class TwoLevelCacheStore extends ForwardingCacheStore implements L1CacheFigures, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TwoLevelCacheStore.class);

    /** Keys per invalidation message, so one huge invalidation never becomes one huge message. */
    static final int KEYS_PER_MESSAGE = L1Channel.KEYS_PER_MESSAGE;

    private final L1Settings settings;
    private final Ticker ticker;
    private final Cache<String, L1Entry> l1;
    private final ConcurrentMap<String, L1Entry> l1Map;
    private final RepeatedAnswers repeated;
    /** Every entry retired so far ({@link L1Entry#retire}), counted after it is marked. */
    private final AtomicLong retirements = new AtomicLong();
    private final AtomicLong wholeClears = new AtomicLong();
    private final InvalidationEpochs epochs = new InvalidationEpochs();
    private final HeartbeatTrust trust;
    private final LongAdder misses = new LongAdder();
    private final LongAdder lateAnswers = new LongAdder();
    /** Caffeine's statistics; hits and misses are recorded by {@link #answering}, as lifetimes are ours. */
    private final ConcurrentStatsCounter lookups = new ConcurrentStatsCounter();
    private final long lossyLapseNanos;
    private final L1Channel channel;
    /** Told of each single-key read the L1 answers (the cache analytics' hit level, ADR 15); no-op by default. */
    private volatile CacheListener l1Hits = CacheListener.NOOP;
    /**
     * Not started: call {@link #start()} (or use {@link #create}). Until the first own heartbeat comes back, every
     * call goes to the delegate.
     *
     * @param delegate the Redis store (any store: tests use an in-memory one)
     * @param topic    the channel shared with the other instances of this deployment
     * @param ticker   nanosecond time for trust and L1 lifetimes ({@link Ticker#systemTicker()} outside tests)
     */
    public TwoLevelCacheStore(CacheStore delegate, InvalidationTopic topic, L1Settings settings, Ticker ticker) {
        super(delegate);
        Objects.requireNonNull(topic, "topic");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        // No expiry in Caffeine: each entry carries its own (L1Entry#expiresAt), so a read past it can renew the entry.
        this.l1 = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .evictionListener( // synchronous
                        (String key, L1Entry entry, RemovalCause cause) -> entry.retire(retirements))
                .ticker(ticker)
                .recordStats(() -> lookups) // Caffeine's load (put) and eviction counts, our hits and misses
                .build();
        this.l1Map = l1.asMap();
        this.repeated = new RepeatedAnswers(settings.maxEntries());
        this.lossyLapseNanos = settings.lossyLapse().toNanos();
        this.trust = new HeartbeatTrust(ticker, settings.trustWindow(), settings.lossyLapse(), this::forgetEverything,
                topic.name());
        this.channel = new L1Channel(topic, settings, ticker, trust, new L1Channel.Forgetting() {
            @Override
            public void keys(List<String> keys) {
                forget(keys);
            }

            @Override
            public void matching(String pattern) {
                forgetMatching(pattern);
            }

            @Override
            public void everything() {
                forgetEverything();
            }
        });
    }

    /**
     * The production composition: an L1 of {@code maxEntries} in front of {@code redis}, on the channel of
     * {@code config}'s key prefix, heartbeat started.
     *
     * @param client the client {@code redis} uses; its lifecycle stays the caller's (close this store first)
     */
    public static TwoLevelCacheStore create(RedissonClient client, RedissonCacheStore redis, RedisConfig config,
                                            int maxEntries) {
        if (!redis.keyPrefix().equals(config.keyPrefix())) {
            throw new IllegalArgumentException("the Redis store's key prefix \"" + redis.keyPrefix()
                    + "\" differs from the configuration's \"" + config.keyPrefix() + "\"");
        }
        L1Settings settings = L1Settings.defaults(maxEntries, config.socketTimeout());
        RedisInvalidationTopic topic = new RedisInvalidationTopic(client, channelOf(config.keyPrefix()));
        TwoLevelCacheStore store = over(redis, topic, settings, Ticker.systemTicker());
        log.info("L1 cache: up to {} entries for at most {} s each, staleness bound {} ms, heartbeat every {} ms on "
                        + "\"{}\"", settings.maxEntries(), settings.maxLifetime().toSeconds(),
                settings.stalenessBound().toMillis(), settings.heartbeatInterval().toMillis(), topic.name());
        return store.start();
    }

    /**
     * The two-level store over {@code redis}, as {@link #create} builds it (not started): while the L1 is not trusted
     * (a late heartbeat: a busy machine), reads go to Redis, and a big id list is then served from a version-checked
     * copy ({@link VersionCheckedCopies}) instead of reading and decoding ~700 KB per page (ADR 11), so an overloaded
     * instance does not get slower exactly when it is overloaded.
     */
    static TwoLevelCacheStore over(CacheStore redis, InvalidationTopic topic, L1Settings settings, Ticker ticker) {
        return new TwoLevelCacheStore(new VersionCheckedCopies(redis), topic, settings, ticker);
    }

    /** The pub/sub channel of a deployment's key prefix: {@code tw:l1:invalidate}, or {@code l1:invalidate}. */
    public static String channelOf(String keyPrefix) {
        return RedisConfig.namespace(keyPrefix) + "l1:invalidate";
    }

    /** Reports each single-key read the L1 answers to {@code listener}'s {@link CacheListener#onL1Hit}. */
    public TwoLevelCacheStore reportingL1HitsTo(CacheListener listener) {
        this.l1Hits = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Subscribes and starts heartbeating on a daemon thread; the L1 answers once the first heartbeat is back. */
    public TwoLevelCacheStore start() {
        channel.start();
        return this;
    }

    // ---- CacheStore -------------------------------------------------------------------------------------

    @Override
    public Optional<String> get(String key) {
        if (trust.checkTrusted()) {
            L1Entry held = l1Map.get(key);
            if (answering(held)) {
                l1Hits.onL1Hit(key);
                return Optional.of(held.value);
            }
            misses.increment();
            Ticket ticket = epochs.ticket(key);
            long started = ticker.read();
            Optional<String> value = unlessLate(key, started, delegate.get(key));
            if (value.isEmpty()) {
                return value;
            }
            L1Entry local = L1Entry.renewedOrNew(held, value.get(), expiresAt(settings.maxLifetime()));
            remember(key, local, ticket);
            return Optional.of(local.value);
        }
        misses.increment();
        long started = ticker.read();
        return unlessLate(key, started, delegate.get(key));
    }

    /** Like {@link #get(String)}, but an L1 hit costs no parsing: see {@link L1Entry}. */
    @Override
    public <T> Optional<T> get(String key, CacheCodec<T> codec) {
        return getDecoded(key, codec).map(Decoded::value);
    }

    /** {@link #get(String, CacheCodec)}; an L1 hit's upcast answer was kept when it was decoded. */
    @Override
    public <T> Optional<Decoded<T>> getDecoded(String key, CacheCodec<T> codec) {
        if (!trust.checkTrusted()) {
            misses.increment();
            long started = ticker.read();
            return unlessLate(key, started, delegate.getDecoded(key, codec));
        }
        L1Entry held = l1Map.get(key);
        if (answering(held)) {
            l1Hits.onL1Hit(key);
            return Optional.of(held.decodedWithUpcastBy(codec));
        }
        misses.increment();
        Ticket ticket = epochs.ticket(key);
        long started = ticker.read();
        Optional<String> text = unlessLate(key, started, delegate.get(key));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        L1Entry local = L1Entry.renewedOrNew(held, text.get(), expiresAt(settings.maxLifetime()));
        Decoded<T> decoded = local.decodedWithUpcastBy(codec); // an unreadable entry throws, not kept
        remember(key, local, ticket);
        return Optional.of(decoded);
    }

    /**
     * Like {@link #get(String)} for several keys: the L1 answers what it holds, one {@link CacheStore#getAll} asks
     * Redis for the rest, and what Redis answered is kept as a single read would keep it (under the ticket of its
     * key, taken before the read). A Redis answer that took the lossy lapse is read as misses, as for one key.
     */
    @Override
    public Map<String, String> getAll(List<String> keys) {
        return getAll(keys, null);
    }

    /**
     * Like {@link #get(String, CacheCodec)} for several keys (see {@link #getAll(List)}); {@code codec} may be null.
     * The same keys answered whole by the L1 before are answered with the same (unmodifiable) map while each of their
     * entries stands, without looking each one up again ({@link RepeatedAnswers}).
     */
    @Override
    public <T> Map<String, T> getAll(List<String> keys, CacheCodec<T> codec) {
        boolean trusted = trust.checkTrusted();
        boolean repeatable = trusted && codec != null;
        if (repeatable) {
            Map<String, T> again = answeredAgain(keys, codec);
            if (again != null) {
                return again;
            }
        }
        Map<String, T> found = new HashMap<>(keys.size() * 2);
        L1Entry[] answered = repeatable ? new L1Entry[keys.size()] : null;
        List<String> asked = new ArrayList<>();
        List<Ticket> tickets = new ArrayList<>();
        List<L1Entry> held = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            L1Entry local = trusted ? l1Map.get(key) : null;
            if (trusted && answering(local)) {
                found.put(key, valueOf(local, codec));
                if (answered != null) {
                    answered[i] = local;
                }
            } else {
                asked.add(key);
                tickets.add(trusted ? epochs.ticket(key) : null);
                held.add(local);
            }
        }
        if (asked.isEmpty()) {
            return repeatable ? repeated.keep(keys, answered, codec, found) : found;
        }
        misses.add(asked.size());
        long started = ticker.read();
        Map<String, String> texts = delegate.getAll(asked);
        if (!texts.isEmpty() && ticker.read() - started >= lossyLapseNanos) {
            lateAnswers.increment();
            log.debug("Redis answered {} keys after the lossy-lapse time; read as misses", asked.size());
            return found;
        }
        long expiresAt = expiresAt(settings.maxLifetime());
        for (int i = 0; i < asked.size(); i++) {
            String key = asked.get(i);
            String text = texts.get(key);
            if (text == null) {
                continue;
            }
            L1Entry local = L1Entry.renewedOrNew(held.get(i), text, expiresAt);
            T value;
            try {
                value = valueOf(local, codec);
            } catch (CacheCodecException e) {
                continue; // left out, as CacheStore#getAll says; an unreadable entry is not kept
            }
            found.put(key, value);
            if (tickets.get(i) != null) {
                remember(key, local, tickets.get(i));
            }
        }
        return found;
    }

    /**
     * {@link #getDecoded} from the L1 alone (ADR 22): its entry while the L1 is trusted and the entry answers, else
     * null. Never waits: no Redis call, no lock (a lapse of trust is left for the read that follows to notice).
     */
    @Override
    public <T> Decoded<T> heldDecoded(String key, CacheCodec<T> codec) {
        L1Entry held = trust.trusted() ? l1Map.get(key) : null;
        if (held == null || !held.answersAt(ticker.read())) {
            return null;
        }
        Decoded<T> decoded;
        try {
            decoded = held.decodedWithUpcastBy(codec);
        } catch (CacheCodecException e) {
            return null; // unreadable: the read that follows deletes it
        }
        lookups.recordHits(1);
        l1Hits.onL1Hit(key);
        return decoded;
    }

    /**
     * {@link #getAll(List, CacheCodec)} from the L1 alone (ADR 22): the answer when it holds every key (the same
     * map as before while it stands, {@link RepeatedAnswers}), else null, with nothing counted.
     */
    @Override
    public <T> Map<String, T> heldAll(List<String> keys, CacheCodec<T> codec) {
        if (!trust.trusted()) {
            return null;
        }
        Map<String, T> again = answeredAgain(keys, codec);
        if (again != null) {
            return again;
        }
        long now = ticker.read();
        L1Entry[] answered = new L1Entry[keys.size()];
        for (int i = 0; i < answered.length; i++) {
            L1Entry local = l1Map.get(keys.get(i));
            if (local == null || !local.answersAt(now)) {
                return null;
            }
            answered[i] = local;
        }
        Map<String, T> found = new HashMap<>(keys.size() * 2);
        for (int i = 0; i < answered.length; i++) {
            try {
                found.put(keys.get(i), answered[i].decodedBy(codec));
            } catch (CacheCodecException e) {
                return null; // unreadable: the read that follows leaves it out and replaces it
            }
        }
        lookups.recordHits(keys.size());
        return repeated.keep(keys, answered, codec, found);
    }

    /** The L1's last whole answer to {@code keys}, counted as their hits, while it stands ({@link RepeatedAnswers}). */
    private <T> Map<String, T> answeredAgain(List<String> keys, CacheCodec<T> codec) {
        long retiredBefore = retirements.get(); // before any entry is looked at: see RepeatedAnswers
        Map<String, T> again = repeated.again(keys, codec, ticker.read(), retiredBefore);
        if (again != null) {
            lookups.recordHits(keys.size());
        }
        return again;
    }

    @SuppressWarnings("unchecked") // only when codec is null, then T is String
    private static <T> T uncheckedText(String text) {
        return (T) text;
    }

    @SuppressWarnings("unchecked")
    private static <T> T valueOf(L1Entry local, CacheCodec<T> codec) {
        return codec == null ? (T) local.value : local.decodedBy(codec);
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        Ticket ticket = ticketIfTrusted(key);
        delegate.set(key, value, ttl);
        if (ticket != null) {
            remember(key, new L1Entry(value, expiresAt(lifetimeOf(ttl))), ticket);
        }
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        Ticket ticket = ticketIfTrusted(key);
        boolean stored = delegate.setIfVersion(key, expectedVersion, value, ttl);
        if (stored && ticket != null) {
            remember(key, new L1Entry(value, expiresAt(lifetimeOf(ttl))), ticket);
        }
        return stored;
    }

    @Override
    public boolean delete(String key) {
        List<String> keys = List.of(key);
        forget(keys);
        boolean existed = delegate.delete(key);
        forget(keys);
        channel.publishKeys(keys);
        return existed;
    }

    @Override
    public void invalidate(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> copy = List.copyOf(keys);
        forget(copy);
        AlienCacheDataException healed = null;
        try {
            delegate.invalidate(copy);
        } catch (AlienCacheDataException e) {
            healed = e; // every key was invalidated all the same: the other instances must hear of it
        }
        forget(copy);
        channel.publishKeys(copy);
        if (healed != null) {
            throw healed;
        }
    }

    @Override
    public long deletePattern(String pattern) {
        forgetMatching(pattern);
        long deleted = delegate.deletePattern(pattern);
        forgetMatching(pattern);
        channel.publishPattern(pattern);
        return deleted;
    }

    @Override
    public boolean exists(String key) {
        if (trust.checkTrusted()) { // not a read: no hit or miss
            L1Entry held = l1Map.get(key);
            if (held != null && held.answersAt(ticker.read())) {
                return true;
            }
        }
        return delegate.exists(key);
    }

    /** Stops the heartbeat and unsubscribes; the L1 is cleared and every later call goes to the delegate. */
    @Override
    public void close() {
        channel.close();
    }

    // ---- figures for metrics ----------------------------------------------------------------------------

    /** {@code get}s answered by the L1: the hit count of Caffeine's statistics, recorded by {@link #answering}. */
    @Override
    public long l1Hits() {
        return l1.stats().hitCount();
    }

    /** {@code get}s that went to Redis (the L1 lacked the key, or was not trusted). */
    @Override
    public long l1Misses() {
        return misses.sum();
    }

    /** Redis answers read as misses because they took the lossy-lapse time or longer. */
    @Override
    public long lateRedisAnswers() {
        return lateAnswers.sum();
    }

    /** Times the whole L1 was cleared (trust lapses, re-subscribes, unreadable messages, close). */
    @Override
    public long wholeClears() {
        return wholeClears.get();
    }

    /** How often the L1 stopped being trusted (bypassed; cleared too when invalidations may have been lost). */
    @Override
    public long trustLapses() {
        return trust.lapses();
    }

    /** Whether the L1 may answer right now. */
    public boolean isTrusted() {
        return trust.trusted();
    }

    /** Values in the L1 now (after pending evictions). */
    @Override
    public long l1Size() {
        l1.cleanUp();
        return l1.estimatedSize();
    }

    /**
     * Caffeine's own statistics of the L1: hits and misses of the lookups it was asked (reads while trusted, unlike
     * {@link #l1Misses()}, which also counts reads that bypassed an untrusted L1), puts (Caffeine counts each
     * conditional write as a load), evictions by size (invalidations are not evictions; an entry past its lifetime
     * stays until the next read of its key renews or replaces it, which counts as a put), and size.
     */
    @Override
    public LocalCacheStats localStats() {
        long size = l1Size(); // runs pending maintenance first, so its evictions are counted
        CacheStats stats = l1.stats();
        return new LocalCacheStats(stats.hitCount(), stats.missCount(),
                stats.loadSuccessCount() + stats.loadFailureCount(), stats.evictionCount(), size);
    }

    public L1Settings settings() {
        return settings;
    }

    // ---- the channel (tests drive it by hand) ---------------------------------------------------------------

    /** Subscribes to the channel unless done already. */
    void subscribe() {
        channel.subscribe();
    }

    /** Publishes the next heartbeat unless the previous one is still on its way. */
    void beat() {
        channel.beat();
    }

    /**
     * A Redis answer that took the lossy-lapse time or longer is read as a miss (the caller loads from the database
     * and fills through the versioned compare-and-set): while it waited, Redis stalled long enough for another
     * instance's invalidation of the key to time out, and that invalidation may be queued in Redis behind this read,
     * or waiting in that instance's circuit breaker for its replay. Two ticker reads per Redis read; L1 hits pay
     * nothing.
     */
    private <T> Optional<T> unlessLate(String key, long started, Optional<T> answer) {
        if (answer.isPresent() && ticker.read() - started >= lossyLapseNanos) {
            lateAnswers.increment();
            log.debug("Redis answered {} after the lossy-lapse time; read as a miss", key);
            return Optional.empty();
        }
        return answer;
    }

    // ---- the L1 -----------------------------------------------------------------------------------------

    /**
     * Whether an entry the L1 holds may answer now (within its lifetime), recorded as a hit or a miss in Caffeine's
     * statistics ({@code asMap().get} records neither).
     */
    private boolean answering(L1Entry held) {
        if (held != null && held.answersAt(ticker.read())) {
            lookups.recordHits(1);
            return true;
        }
        lookups.recordMisses(1);
        return false;
    }

    private long expiresAt(Duration lifetime) {
        return ticker.read() + lifetime.toNanos();
    }

    private Ticket ticketIfTrusted(String key) {
        return trust.checkTrusted() ? epochs.ticket(key) : null;
    }

    /**
     * Keeps a value read from or written to Redis, atomically with the check that no invalidation of its key (and
     * no lapse of trust) came in since the ticket was taken. Forgetting bumps the epoch before removing the key, so
     * whichever of the two runs first on the key, the old value does not survive.
     */
    private void remember(String key, L1Entry local, Ticket ticket) {
        l1Map.compute(key, (k, current) -> {
            if (!(epochs.unchanged(ticket) && trust.trusted())) {
                return current;
            }
            if (current != null && current != local) {
                current.retire(retirements); // before it is replaced: see L1Entry
            }
            return local;
        });
    }

    // Each entry removed is retired (L1Entry): no later than its removal, or before it.

    private void forget(List<String> keys) {
        for (String key : keys) {
            epochs.bump(key);
            L1Entry gone = l1Map.remove(key);
            if (gone != null) {
                gone.retire(retirements);
            }
        }
    }

    private void forgetMatching(String pattern) {
        epochs.bumpAll();
        GlobMatcher matches = GlobMatcher.of(pattern);
        l1Map.entrySet().removeIf(entry -> matches.test(entry.getKey()) && retired(entry.getValue())); // linear
    }

    private void forgetEverything() {
        wholeClears.incrementAndGet();
        epochs.bumpAll();
        l1Map.values().removeIf(this::retired);
    }

    /** Retires {@code entry} (before its removal); true. */
    private boolean retired(L1Entry entry) {
        entry.retire(retirements);
        return true;
    }

    private Duration lifetimeOf(Duration ttl) {
        return ttl.compareTo(settings.maxLifetime()) < 0 ? ttl : settings.maxLifetime();
    }
}
