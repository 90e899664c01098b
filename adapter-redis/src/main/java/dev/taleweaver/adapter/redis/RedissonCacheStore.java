package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.AlienCacheDataException;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.CacheStoreException;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RKeys;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.redisnode.BaseRedisNodes;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@link CacheStore} on Redis through Redisson. Every logical key {@code k} is stored as {@code prefix + k}, where the
 * prefix is {@link RedisConfig#namespace the namespace} of {@code CACHE_KEY_PREFIX} ({@code tw:}, or empty); its
 * invalidation version lives in {@code prefix + "ver:{" + prefix + k + "}"}. The hash tag puts the version key in
 * the value key's cluster slot, so one Lua script can check or bump the version and touch the value atomically,
 * also on Redis Cluster; the leading prefix keeps it inside the deployment's namespace.
 *
 * <p>Logical keys must not contain braces: a brace would give the value key a hash tag of its own and separate it
 * from its version key.
 *
 * <p><b>Key ownership.</b> The store owns, inside its namespace, only its {@link #KEY_FAMILIES key families}
 * ({@code hero:*}, {@code child:*}, {@code story:*}) and their version keys. Bulk operations (SCAN for
 * {@link #deletePattern} and key counts) match {@code <namespace><family>:…} and nothing wider, so with no prefix
 * {@code sessions:user:42} is never touched, and with {@code tw} neither is {@code tw2:hero:1}.
 *
 * <p><b>Alien data.</b> Anything under its keys the store did not write — a value of another Redis type, a version
 * that is no integer, a value over {@link #MAX_VALUE_BYTES} — is deleted or replaced inside the same Lua script that
 * met it (for a read: one run right after the read, see {@link #get}), and reported as
 * {@link AlienCacheDataException} (a codec error, not a store failure).
 *
 * <p><b>Reads.</b> The single-key reads ({@link #get}, {@link #getBytes}) go through {@link BoundedReads}: Jedis on
 * the caller's thread by default ({@value RedisReadClient#SETTING}, ADR 18), else this Redisson client; every other
 * command goes through Redisson. {@link #close()} releases the Jedis connections (the Redisson client is its
 * creator's to shut down).
 *
 * <p>Failures surface as {@link CacheStoreException} (kind CONNECTION, TIMEOUT or OTHER); the store neither logs
 * nor retries beyond Redisson's own retry policy (the Jedis reads: the same bounds, {@link JedisBoundedReads}): the
 * caller decides how to degrade.
 */
public final class RedissonCacheStore implements CacheStore, AutoCloseable {

    /**
     * How long a version outlives its last invalidation or first read. A version key that is gone (expired, evicted
     * by maxmemory, lost in a restart) refuses every set-if-version, and the next {@link #version} starts it afresh
     * at a random value, so a reader holding a token from before can never match it again.
     */
    public static final Duration VERSION_TTL = Duration.ofHours(24);

    /** Keys per SCAN page, per UNLINK and per pipelined batch of invalidations. */
    static final int BATCH_SIZE = 500;

    /**
     * The largest value the store reads (UTF-8 bytes), 16 MiB: over three times {@code hero:all} of 10,000 heroes
     * (about 5 MB). A bigger value under one of its keys was not written by this service (the codecs refuse to encode
     * one): the read script deletes it without sending it, so an alien value can never make the service read up to
     * Redis's 512 MB into its heap.
     */
    public static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;

    /** The key families of the service's entities: the first segment of every logical key ({@code hero:…}). */
    public static final List<String> KEY_FAMILIES = CacheStore.KEY_FAMILIES;

    /** The pattern {@link #deletePattern} and key counts read as "every key of every family". */
    public static final String EVERY_KEY = "*";

    /** How an error reply of a script says it met and removed alien data (see {@link #ALIEN_CHECKS}). */
    static final String ALIEN_REPLY = "ALIEN";

    private static final String VERSION_TAG = "ver:{";
    /** Random start values stay far from small counters and within a Lua double's exact integers. */
    private static final long RANDOM_VERSION_FLOOR = 1L << 20;
    private static final long RANDOM_VERSION_CEILING = 1L << 52;

    /**
     * Shared by the scripts below. {@code version_of} reads a version key without ever failing: false when it is
     * missing, the text when it is a canonical integer INCR can bump (at most 18 digits, so neither INCR nor Java's
     * Long can overflow), and nil for anything else — another Redis type (redis.pcall turns WRONGTYPE into a value)
     * or text that is no such integer. tonumber() alone would not do: it accepts " 12", "0x1A" and "1e5", which
     * INCR refuses, and prints big numbers as "4.5e+15".
     */
    private static final String ALIEN_CHECKS = """
            local function version_of(key)
              local v = redis.pcall('GET', key)
              if v == false then
                return false
              end
              if type(v) ~= 'string' or #v > 18 then
                return nil
              end
              if v == '0' or string.find(v, '^%-?[1-9]%d*$') then
                return v
              end
              return nil
            end
            """;

    /**
     * Run after a read met a value of another type or over ARGV[1] bytes: deletes it if it still is one and says
     * so by an error reply (the delete stays: a script's writes are not undone by its reply). Not the read itself: a
     * script returning a 5 MB value costs Redis about 8 times a GET (23 ms against 3 ms p50, redis-benchmark).
     */
    private static final LuaScript DELETE_IF_ALIEN = new LuaScript("""
            local size = redis.pcall('STRLEN', KEYS[1])
            if type(size) ~= 'number' then
              redis.call('DEL', KEYS[1])
              return redis.error_reply('ALIEN the value was no string (deleted)')
            end
            if size > tonumber(ARGV[1]) then
              redis.call('DEL', KEYS[1])
              return redis.error_reply('ALIEN the value had ' .. size .. ' bytes, over the bound of '
                .. ARGV[1] .. ' (deleted)')
            end
            return redis.error_reply('ALIEN the value was no string or too long (replaced meanwhile)')
            """);

    /**
     * Reads the version, creating it at the random start value ARGV[1] when it is missing. An alien version is
     * replaced by ARGV[1] too (no token taken before can match a fresh random value, as after a lost key), and the
     * value is deleted: invalidations may have failed on it while its version could not be bumped.
     */
    private static final LuaScript READ_VERSION = new LuaScript(ALIEN_CHECKS + """
            local current = version_of(KEYS[2])
            if current then
              return current
            end
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            if current == nil then
              redis.call('DEL', KEYS[1])
              return redis.error_reply('ALIEN the version key held no version (reset, value deleted)')
            end
            return ARGV[1]
            """);

    /**
     * A missing version key never matches: it was evicted or lost after the reader took its token. Neither does an
     * alien one (a token is always a canonical integer); one of another type is deleted, which reads as missing. SET
     * replaces a value of any type.
     */
    private static final LuaScript SET_IF_VERSION = new LuaScript(ALIEN_CHECKS + """
            local current = version_of(KEYS[2])
            if current == nil then
              if redis.call('TYPE', KEYS[2]).ok ~= 'string' then
                redis.call('DEL', KEYS[2])
              end
              return 0
            end
            if current == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """);

    /**
     * Bumps the version and deletes the value; returns 1 when the version was alien and was replaced by the random
     * value ARGV[2] instead (any fresh value differs from every token taken before), else 0.
     */
    private static final LuaScript INVALIDATE = new LuaScript(ALIEN_CHECKS + """
            local healed = 0
            if version_of(KEYS[2]) == nil then
              redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[1])
              healed = 1
            else
              redis.call('INCR', KEYS[2])
              redis.call('PEXPIRE', KEYS[2], ARGV[1])
            end
            redis.call('DEL', KEYS[1])
            return healed
            """);

    private final RedissonClient client;
    private final RScript script;
    private final RKeys keys;
    private final String prefix;
    private final String versionKeyStart;
    private final String prefixPattern;
    private final String maxValueBytes = Integer.toString(MAX_VALUE_BYTES);
    private final String versionTtlMillis;
    private final long pingTimeoutMillis;
    private final RedisNodes<? extends BaseRedisNodes> topology;
    private final BoundedReads reads;
    /** Calls under way now: how many pool connections this store keeps busy (see {@link #callsInFlight()}). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Single-key reads under way on the reads' own pool (see {@link #readsInFlight()}); unused when they have none. */
    private final AtomicInteger readsInFlight = new AtomicInteger();
    /** Where a single-key read is counted: {@link #readsInFlight} with a pool of its own, else {@link #inFlight}. */
    private final AtomicInteger readCounter;

    /**
     * @param client      a client whose lifecycle the caller owns (see {@link RedisClientFactory})
     * @param keyPrefix   this deployment's key prefix, see {@link RedisConfig#keyPrefixProblem(String)}
     * @param pingTimeout how long {@link #healthCheck()} waits for PONG
     */
    public RedissonCacheStore(RedissonClient client, String keyPrefix, Duration pingTimeout) {
        this(client, keyPrefix, pingTimeout, null);
    }

    /** @param reads the single-key reads; null: through {@code client} */
    private RedissonCacheStore(RedissonClient client, String keyPrefix, Duration pingTimeout, BoundedReads reads) {
        if (client == null) {
            throw new IllegalArgumentException("a Redisson client is required");
        }
        RedisConfig.keyPrefixProblem(keyPrefix).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (pingTimeout == null || pingTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the health check's ping timeout must be at least 1 ms");
        }
        this.client = client;
        this.script = client.getScript(StringCodec.INSTANCE);
        this.keys = client.getKeys();
        this.prefix = RedisConfig.namespace(keyPrefix);
        this.versionKeyStart = prefix + VERSION_TAG;
        this.prefixPattern = escapeGlob(prefix);
        this.versionTtlMillis = Long.toString(VERSION_TTL.toMillis());
        this.pingTimeoutMillis = pingTimeout.toMillis();
        this.topology = topologyOf(client.getConfig());
        this.reads = reads != null ? reads : new RedissonBoundedReads(client);
        this.readCounter = this.reads.ownPoolSize() > 0 ? readsInFlight : inFlight;
    }

    /**
     * The store of a configuration's key prefix, pinging with its socket timeout, reading single keys through
     * {@link RedisConfig#effectiveReadClient()}: with Jedis, its client is created on the first read and released by
     * {@link #close()}.
     */
    public RedissonCacheStore(RedissonClient client, RedisConfig config) {
        this(client, config.keyPrefix(), config.socketTimeout(), readsOf(client, config));
    }

    private static BoundedReads readsOf(RedissonClient client, RedisConfig config) {
        return config.effectiveReadClient() == RedisReadClient.JEDIS
                ? new JedisBoundedReads(config) : new RedissonBoundedReads(client);
    }

    /** Which client serves the single-key reads, for logs: {@code jedis (pool of 64, created on first read)}. */
    public String readClientDescription() {
        return reads.describe();
    }

    /** Releases the connections of the single-key reads' own client (Jedis); the Redisson client stays open. */
    @Override
    public void close() {
        reads.close();
    }

    /**
     * Store calls under way right now on the Redisson client's pool, for the connection-pool figure of
     * /admin/cache/stats (docs/operations.md): each holds a pool connection while its command runs (it may exceed
     * the pool size when calls queue for a connection). Single-key reads are counted here only when they share that
     * pool ({@link #readPoolSize()} 0); otherwise in {@link #readsInFlight()}. One atomic increment and decrement per
     * call.
     */
    public int callsInFlight() {
        return inFlight.get();
    }

    /**
     * Single-key reads under way right now on the read client's own pool (ADR 18's Jedis reads), for the read-pool
     * figure; always 0 when the reads share the Redisson client's pool (they are then in {@link #callsInFlight()}).
     * It may exceed the pool size when reads queue for a connection.
     */
    public int readsInFlight() {
        return readsInFlight.get();
    }

    /**
     * The size of the single-key reads' own pool ({@code REDIS_READ_CONNECTIONS}, per node on a cluster), or 0 when
     * they share the Redisson client's pool ({@code REDIS_READ_CLIENT=redisson}, or reads from replicas).
     */
    public int readPoolSize() {
        return reads.ownPoolSize();
    }

    /** This store's namespace: {@code tw:} for {@code CACHE_KEY_PREFIX=tw} (or {@code tw:}), empty for none. */
    public String keyPrefix() {
        return prefix;
    }

    /**
     * The SCAN MATCH patterns of a logical pattern: {@value #EVERY_KEY} is one per key family
     * ({@code <namespace>hero:*}…); any other pattern must start with a family and its colon ({@code hero:*},
     * {@code story:child:*}) and is matched under the namespace only. Never a pattern wider than one family.
     *
     * @throws IllegalArgumentException for a pattern that does not name its family
     */
    List<String> scanPatterns(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("a key pattern must not be empty (use * for every key)");
        }
        if (pattern.equals(EVERY_KEY)) {
            return KEY_FAMILIES.stream().map(family -> prefixPattern + family + ":*").toList();
        }
        for (String family : KEY_FAMILIES) {
            if (pattern.startsWith(family + ":")) {
                return List.of(prefixPattern + pattern);
            }
        }
        throw new IllegalArgumentException("a key pattern must be * or start with a key family and its colon ("
                + String.join(":, ", KEY_FAMILIES) + ":), got \"" + pattern + "\"");
    }

    /** Whether a Redis key (prefix included) is one of this deployment's invalidation version keys. */
    boolean isVersionKey(String redisKey) {
        return redisKey.startsWith(versionKeyStart);
    }

    /**
     * {@code GETRANGE key 0 MAX_VALUE_BYTES}: as fast as GET, but never sends more than the bound. An empty answer is
     * a miss (GETRANGE answers "" for a missing key; the service never stores empty values). A value of another type
     * (WRONGTYPE) or longer than the bound is deleted by {@link #DELETE_IF_ALIEN} and reported.
     */
    @Override
    public Optional<String> get(String key) {
        return readValue(key, reads::readText, RedissonCacheStore::overBound, String::isEmpty);
    }

    /**
     * {@link #get(String)} as the value's bytes, with no string decoded (ADR 13): the same {@code GETRANGE}, read
     * as raw bytes; the same misses, bound and alien handling.
     */
    @Override
    public Optional<byte[]> getBytes(String key) {
        return readValue(key, reads::readBytes, value -> value.length > MAX_VALUE_BYTES,
                value -> value.length == 0);
    }

    /**
     * The bounded read behind {@link #get(String)} and {@link #getBytes}: a value over the bound or of another type
     * is deleted and reported as alien; an empty answer is a miss. The read is counted on its client's pool
     * ({@link #readCounter}), the deletion (a Redisson script) on Redisson's.
     */
    private <V> Optional<V> readValue(String key, Function<String, V> readBounded, Predicate<V> overTheBound,
                                      Predicate<V> empty) {
        String redisKey = valueKey(key);
        V value;
        boolean wrongType = false;
        readCounter.incrementAndGet();
        try {
            value = readBounded.apply(redisKey);
        } catch (RuntimeException e) {
            if (!RedisFailures.isWrongType(e)) {
                throw translate("GET " + key, e);
            }
            value = null;
            wrongType = true;
        } finally {
            readCounter.decrementAndGet();
        }
        if (wrongType || (value != null && overTheBound.test(value))) {
            throw deleteAlien(key, redisKey);
        }
        return value == null || empty.test(value) ? Optional.empty() : Optional.of(value);
    }

    /**
     * One {@code MGET} through Redisson's {@code RBuckets}, which splits it per hash slot on a cluster (the keys of a
     * page are spread over slots). Absent keys, values of another type ({@code MGET} answers nil for them) and values
     * over {@link #MAX_VALUE_BYTES} are left out: the caller loads those from the database and its versioned fill
     * replaces them ({@code SET} replaces any type). A page asks for at most 500 keys of one small entity each.
     */
    @Override
    public Map<String, String> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, String> byRedisKey = new HashMap<>(keys.size() * 2);
        for (String key : keys) {
            byRedisKey.put(valueKey(key), key);
        }
        inFlight.incrementAndGet();
        try {
            Map<String, String> values = client.getBuckets(StringCodec.INSTANCE)
                    .<String>get(byRedisKey.keySet().toArray(new String[0]));
            Map<String, String> found = new HashMap<>(values.size() * 2);
            values.forEach((redisKey, value) -> {
                if (value != null && !value.isEmpty() && !overBound(value)) {
                    found.put(byRedisKey.get(redisKey), value);
                }
            });
            return found;
        } catch (RuntimeException e) {
            throw translate("MGET " + keys.size() + " keys", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The exception to throw once {@link #DELETE_IF_ALIEN} ran (or could not run) on a value read as alien. */
    private RuntimeException deleteAlien(String key, String redisKey) {
        inFlight.incrementAndGet();
        try {
            DELETE_IF_ALIEN.run(script, RScript.ReturnType.VALUE, List.of(redisKey), maxValueBytes);
            return new AlienCacheDataException("Redis GET " + key + ": alien value", null);
        } catch (RuntimeException e) {
            return translate("GET " + key, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Whether a text's UTF-8 form exceeds {@link #MAX_VALUE_BYTES}; bytes are counted only near the bound. */
    static boolean overBound(String text) {
        long max = MAX_VALUE_BYTES;
        if (text.length() > max) {
            return true;
        }
        if (text.length() * 3L <= max) {
            return false; // no char takes more than 3 bytes (a surrogate pair takes 4 for 2 chars)
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > max;
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        requireValue(value);
        requireTtl(ttl);
        RBucket<String> bucket = bucket(valueKey(key));
        inFlight.incrementAndGet();
        try {
            bucket.set(value, ttl);
        } catch (RuntimeException e) {
            throw RedisFailures.translate("SET " + key, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public boolean delete(String key) {
        RBucket<String> bucket = bucket(valueKey(key));
        inFlight.incrementAndGet();
        try {
            return bucket.delete();
        } catch (RuntimeException e) {
            throw RedisFailures.translate("DEL " + key, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public boolean exists(String key) {
        RBucket<String> bucket = bucket(valueKey(key));
        inFlight.incrementAndGet();
        try {
            return bucket.isExists();
        } catch (RuntimeException e) {
            throw RedisFailures.translate("EXISTS " + key, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * SCANs every master for {@code prefix + pattern} (the prefix's glob characters escaped) and UNLINKs what it
     * finds in batches. Version keys are left alone even when the pattern matches them: resetting a version to 0
     * could let a reader that loaded before the reset store its stale value; they expire by themselves.
     */
    @Override
    public long deletePattern(String pattern) {
        List<String> scanPatterns = scanPatterns(pattern);
        inFlight.incrementAndGet();
        try {
            long deleted = 0;
            for (String scanPattern : scanPatterns) {
                deleted += deleteMatching(scanPattern);
            }
            return deleted;
        } catch (RuntimeException e) {
            throw RedisFailures.translate("delete by pattern " + pattern, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private long deleteMatching(String scanPattern) {
        KeysScanOptions scan = KeysScanOptions.defaults().pattern(scanPattern).chunkSize(BATCH_SIZE);
        try (Stream<String> found = keys.getKeysStream(scan)) {
            long deleted = 0;
            List<String> batch = new ArrayList<>(BATCH_SIZE);
            for (Iterator<String> it = found.iterator(); it.hasNext(); ) {
                String key = it.next();
                if (isVersionKey(key)) {
                    continue;
                }
                batch.add(key);
                if (batch.size() == BATCH_SIZE) {
                    deleted += unlink(batch);
                }
            }
            return deleted + unlink(batch);
        }
    }

    @Override
    public boolean healthCheck() {
        inFlight.incrementAndGet();
        try {
            return client.getRedisNodes(topology).pingAll(pingTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return false;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public long version(String key) {
        List<Object> scriptKeys = scriptKeys(valueKey(key));
        String stored;
        inFlight.incrementAndGet();
        try {
            stored = READ_VERSION.run(script, RScript.ReturnType.VALUE, scriptKeys, randomVersion(),
                    versionTtlMillis);
        } catch (RuntimeException e) {
            throw translate("version of " + key, e);
        } finally {
            inFlight.decrementAndGet();
        }
        try {
            return Long.parseLong(stored);
        } catch (NumberFormatException e) { // READ_VERSION answers canonical integers only; never expected
            throw new AlienCacheDataException("the version key of " + key + " holds no number", e);
        }
    }

    /**
     * One version script per key, pipelined in batches of {@link #BATCH_SIZE} (Redisson sends a batch's commands to
     * each key's node). When a key's version was alien, the script reset it (and deleted the value) and the batch
     * fails; the keys are then asked again one by one, which answers the fresh versions.
     */
    @Override
    public Map<String, Long> versions(List<String> keysToRead) {
        if (keysToRead.size() <= 1) {
            return CacheStore.super.versions(keysToRead);
        }
        Map<String, Long> versions = new HashMap<>(keysToRead.size() * 2);
        for (int from = 0; from < keysToRead.size(); from += BATCH_SIZE) {
            List<String> batchKeys = keysToRead.subList(from, Math.min(from + BATCH_SIZE, keysToRead.size()));
            List<?> replies;
            inFlight.incrementAndGet();
            try {
                replies = READ_VERSION.loadingIfMissing(script, () -> {
                    RBatch batch = client.createBatch();
                    RScriptAsync batchScript = batch.getScript(StringCodec.INSTANCE);
                    for (String key : batchKeys) {
                        READ_VERSION.queue(batchScript, RScript.ReturnType.VALUE, scriptKeys(valueKey(key)),
                                randomVersion(), versionTtlMillis);
                    }
                    return batch.execute();
                }).getResponses();
            } catch (RuntimeException e) {
                if (RedisFailures.isAlienReply(e)) {
                    return CacheStore.super.versions(keysToRead);
                }
                throw translate("versions of " + keysToRead.size() + " keys from " + keysToRead.get(0), e);
            } finally {
                inFlight.decrementAndGet();
            }
            for (int i = 0; i < batchKeys.size(); i++) {
                Object reply = replies.get(i);
                try {
                    versions.put(batchKeys.get(i), Long.parseLong(String.valueOf(reply)));
                } catch (NumberFormatException e) { // READ_VERSION answers canonical integers only; never expected
                    throw new AlienCacheDataException("the version key of " + batchKeys.get(i) + " holds no number",
                            e);
                }
            }
        }
        return versions;
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        requireValue(value);
        requireTtl(ttl);
        List<Object> scriptKeys = scriptKeys(valueKey(key));
        inFlight.incrementAndGet();
        try {
            Boolean stored = SET_IF_VERSION.run(script, RScript.ReturnType.BOOLEAN, scriptKeys,
                    Long.toString(expectedVersion), value, Long.toString(ttl.toMillis()));
            return Boolean.TRUE.equals(stored);
        } catch (RuntimeException e) {
            throw translate("set-if-version " + key, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * One script call per key (each touches one slot), pipelined in batches when there are several.
     *
     * @throws AlienCacheDataException after every key was invalidated, when some version keys held alien data (they
     *                                 were replaced by fresh random versions)
     */
    @Override
    public void invalidate(Collection<String> keysToInvalidate) {
        if (keysToInvalidate.isEmpty()) {
            return;
        }
        List<List<Object>> all = new ArrayList<>(keysToInvalidate.size());
        for (String key : keysToInvalidate) {
            all.add(scriptKeys(valueKey(key)));
        }
        long healed = 0;
        inFlight.incrementAndGet();
        try {
            if (all.size() == 1) {
                Long reply = INVALIDATE.run(script, RScript.ReturnType.LONG, all.get(0), versionTtlMillis,
                        randomVersion());
                healed = reply == null ? 0 : reply;
            } else {
                for (int from = 0; from < all.size(); from += BATCH_SIZE) {
                    healed += invalidateInOneBatch(all.subList(from, Math.min(from + BATCH_SIZE, all.size())));
                }
            }
        } catch (RuntimeException e) {
            throw RedisFailures.translate("invalidate of " + all.size() + " key(s) from "
                    + keysToInvalidate.iterator().next(), e);
        } finally {
            inFlight.decrementAndGet();
        }
        if (healed > 0) {
            throw new AlienCacheDataException("invalidated " + all.size() + " key(s) from "
                    + keysToInvalidate.iterator().next() + "; " + healed + " version key(s) held no version and were"
                    + " reset", null);
        }
    }

    /** @return how many of the batch's version keys were alien */
    private long invalidateInOneBatch(List<List<Object>> scriptKeysOfEach) {
        BatchResult<?> result = INVALIDATE.loadingIfMissing(script, () -> {
            RBatch batch = client.createBatch();
            RScriptAsync batchScript = batch.getScript(StringCodec.INSTANCE);
            for (List<Object> scriptKeys : scriptKeysOfEach) {
                INVALIDATE.queue(batchScript, RScript.ReturnType.LONG, scriptKeys, versionTtlMillis,
                        randomVersion());
            }
            return batch.execute();
        });
        long healed = 0;
        for (Object reply : result.getResponses()) {
            if (reply instanceof Number n) {
                healed += n.longValue();
            }
        }
        return healed;
    }

    private static String randomVersion() {
        return Long.toString(ThreadLocalRandom.current().nextLong(RANDOM_VERSION_FLOOR, RANDOM_VERSION_CEILING));
    }

    /** A script's {@value #ALIEN_REPLY} error reply is alien data removed, anything else a failure of Redis. */
    private static RuntimeException translate(String operation, RuntimeException e) {
        if (RedisFailures.isAlienReply(e)) {
            return new AlienCacheDataException("Redis " + operation + ": " + RedisFailures.alienReason(e), e);
        }
        return RedisFailures.translate(operation, e);
    }

    private long unlink(List<String> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        long unlinked = keys.unlink(batch.toArray(new String[0]));
        batch.clear();
        return unlinked;
    }

    private RBucket<String> bucket(String redisKey) {
        return client.getBucket(redisKey, StringCodec.INSTANCE);
    }

    private String valueKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a cache key must not be empty");
        }
        if (key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
            throw new IllegalArgumentException("a cache key must not contain { or } (got \"" + key
                    + "\"): a hash tag would separate the key from its version key on Redis Cluster");
        }
        return prefix + key;
    }

    /** {@code prefix + "ver:{" + valueKey + "}"}: the hash tag is the whole value key, so both share a slot. */
    private String versionKey(String valueKey) {
        return versionKeyStart + valueKey + "}";
    }

    private List<Object> scriptKeys(String valueKey) {
        return List.of(valueKey, versionKey(valueKey));
    }

    private static void requireValue(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a cached value must not be null");
        }
    }

    private static void requireTtl(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("a cache TTL must be at least 1 ms (got " + ttl + ")");
        }
    }

    /** Backslash-escapes the characters SCAN MATCH treats as glob syntax, so the prefix matches only itself. */
    static String escapeGlob(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length() + 4);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static RedisNodes<? extends BaseRedisNodes> topologyOf(Config config) {
        if (config.isClusterConfig()) {
            return RedisNodes.CLUSTER;
        }
        if (config.isSentinelConfig()) {
            return RedisNodes.SENTINEL_MASTER_SLAVE;
        }
        if (config.isSingleConfig()) {
            return RedisNodes.SINGLE;
        }
        return RedisNodes.MASTER_SLAVE;
    }
}
