package dev.taleweaver.application.cache.testing;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.CacheStoreException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A faithful in-memory {@link CacheStore}: values with TTLs (read from a {@link Clock}), invalidation versions
 * and conditional sets behave as the port describes. Test switches make it fail ({@link #failWith}), count its
 * calls, and stop one call at its start ({@link #pauseNext}) so a test can interleave another thread's work.
 */
public final class InMemoryCacheStore implements CacheStore {

    public enum Operation { GET, SET, DELETE, DELETE_PATTERN, EXISTS, HEALTH_CHECK, VERSION, VERSIONS, SET_IF_VERSION, INVALIDATE }

    private record Entry(String value, Instant expiresAt, Duration ttl) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final List<String> invalidated = new ArrayList<>();
    private final List<String> deletedPatterns = new ArrayList<>();
    private final Map<Operation, AtomicInteger> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, Pause> pauses = new ConcurrentHashMap<>();
    private volatile CacheStoreException.Kind failure;

    public InMemoryCacheStore() {
        this(Clock.systemUTC());
    }

    public InMemoryCacheStore(Clock clock) {
        this.clock = clock;
        for (Operation operation : Operation.values()) {
            calls.put(operation, new AtomicInteger());
        }
    }

    // ---- switches -------------------------------------------------------------------------------------

    /** From now on every call fails with this kind (health checks answer false), as a dead or slow server would. */
    public void failWith(CacheStoreException.Kind kind) {
        failure = kind;
    }

    public void recover() {
        failure = null;
    }

    /** The next call of {@code operation} stops at its start until the returned pause is released. */
    public Pause pauseNext(Operation operation) {
        Pause pause = new Pause(operation);
        pauses.put(operation, pause);
        return pause;
    }

    public int calls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int calls(Operation operation) {
        return calls.get(operation).get();
    }

    public void resetCalls() {
        calls.values().forEach(c -> c.set(0));
    }

    // ---- inspection (not counted, never failing) ------------------------------------------------------

    public synchronized Optional<String> peek(String key) {
        return live(key).map(Entry::value);
    }

    /** The TTL the live entry was stored with. */
    public synchronized Optional<Duration> ttlOf(String key) {
        return live(key).map(Entry::ttl);
    }

    /** Puts raw text under a key, e.g. a corrupt or outdated entry. */
    public synchronized void plant(String key, String value) {
        entries.put(key, new Entry(value, clock.instant().plus(Duration.ofHours(1)), Duration.ofHours(1)));
    }

    public synchronized Set<String> keys() {
        Set<String> live = new TreeSet<>();
        entries.keySet().forEach(key -> live(key).ifPresent(e -> live.add(key)));
        return live;
    }

    /** Every key ever passed to {@link #invalidate}, in order. */
    public synchronized List<String> invalidatedKeys() {
        return List.copyOf(invalidated);
    }

    public synchronized List<String> deletedPatterns() {
        return List.copyOf(deletedPatterns);
    }

    public synchronized void clearHistory() {
        invalidated.clear();
        deletedPatterns.clear();
    }

    public synchronized long currentVersion(String key) {
        return versions.getOrDefault(key, 0L);
    }

    // ---- CacheStore -----------------------------------------------------------------------------------

    @Override
    public Optional<String> get(String key) {
        enter(Operation.GET);
        synchronized (this) {
            return live(key).map(Entry::value);
        }
    }

    /**
     * From its map (it is all memory), with no pause and no call counted (ADR 22); a failing store holds nothing.
     */
    @Override
    public synchronized <T> Decoded<T> heldDecoded(String key, CacheCodec<T> codec) {
        Optional<Entry> entry = failure == null ? live(key) : Optional.empty();
        if (entry.isEmpty()) {
            return null;
        }
        T value = CacheCodec.decodeOrFail(codec, entry.get().value());
        return new Decoded<>(value, codec.isUpcast(value));
    }

    /** As {@link #heldDecoded}: every key's value, or null when one is missing. */
    @Override
    public synchronized <T> Map<String, T> heldAll(List<String> keys, CacheCodec<T> codec) {
        Map<String, T> found = new HashMap<>();
        for (String key : keys) {
            Decoded<T> held = heldDecoded(key, codec);
            if (held == null) {
                return null;
            }
            found.put(key, held.value());
        }
        return found;
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        enter(Operation.SET);
        requirePositive(ttl);
        synchronized (this) {
            put(key, value, ttl);
        }
    }

    @Override
    public boolean delete(String key) {
        enter(Operation.DELETE);
        synchronized (this) {
            boolean existed = live(key).isPresent();
            entries.remove(key);
            return existed;
        }
    }

    @Override
    public long deletePattern(String pattern) {
        enter(Operation.DELETE_PATTERN);
        Pattern regex = glob(pattern);
        synchronized (this) {
            deletedPatterns.add(pattern);
            List<String> matching = entries.keySet().stream().filter(k -> regex.matcher(k).matches()).toList();
            long live = matching.stream().filter(k -> live(k).isPresent()).count();
            matching.forEach(entries::remove);
            return live;
        }
    }

    @Override
    public boolean exists(String key) {
        enter(Operation.EXISTS);
        synchronized (this) {
            return live(key).isPresent();
        }
    }

    @Override
    public boolean healthCheck() {
        calls.get(Operation.HEALTH_CHECK).incrementAndGet();
        pauseIfArmed(Operation.HEALTH_CHECK);
        return failure == null;
    }

    @Override
    public long version(String key) {
        enter(Operation.VERSION);
        synchronized (this) {
            return versions.getOrDefault(key, 0L);
        }
    }

    /** One call for all of them, as Redis answers them in one round trip. */
    @Override
    public Map<String, Long> versions(List<String> keys) {
        enter(Operation.VERSIONS);
        synchronized (this) {
            Map<String, Long> answer = new HashMap<>();
            keys.forEach(key -> answer.put(key, versions.getOrDefault(key, 0L)));
            return answer;
        }
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        enter(Operation.SET_IF_VERSION);
        requirePositive(ttl);
        synchronized (this) {
            if (versions.getOrDefault(key, 0L) != expectedVersion) {
                return false;
            }
            put(key, value, ttl);
            return true;
        }
    }

    @Override
    public void invalidate(Collection<String> keys) {
        enter(Operation.INVALIDATE);
        synchronized (this) {
            for (String key : keys) {
                versions.merge(key, 1L, Long::sum);
                entries.remove(key);
                invalidated.add(key);
            }
        }
    }

    // ---- internals ------------------------------------------------------------------------------------

    private void enter(Operation operation) {
        calls.get(operation).incrementAndGet();
        pauseIfArmed(operation);
        CacheStoreException.Kind kind = failure;
        if (kind != null) {
            throw new CacheStoreException(kind, "in-memory cache store failing with " + kind + " on " + operation,
                    null);
        }
    }

    private void pauseIfArmed(Operation operation) {
        Pause pause = pauses.remove(operation);
        if (pause != null) {
            pause.hold();
        }
    }

    private Optional<Entry> live(String key) {
        Entry entry = entries.get(key);
        if (entry == null || !clock.instant().isBefore(entry.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    private void put(String key, String value, Duration ttl) {
        entries.put(key, new Entry(value, clock.instant().plus(ttl), ttl));
    }

    private static void requirePositive(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** One stopped call: the test waits for it to arrive, does its interleaving, then releases it. */
    public static final class Pause {
        private static final long TIMEOUT_SECONDS = 10;

        private final Operation operation;
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Pause(Operation operation) {
            this.operation = operation;
        }

        /** Blocks until the paused call has started (fails the test after 10 s). */
        public void awaitArrival() {
            await(arrived, "no " + operation + " call arrived");
        }

        public boolean arrived() {
            return arrived.getCount() == 0;
        }

        public void release() {
            released.countDown();
        }

        private void hold() {
            arrived.countDown();
            await(released, operation + " was never released");
        }

        private static void await(CountDownLatch latch, String failure) {
            try {
                if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError(failure + " within " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure, e);
            }
        }
    }
}
