package dev.taleweaver.benchmarks.l1;

import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.TwoLevelCacheStore;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RClientSideCaching;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.ClientSideCachingOptions;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.api.options.LocalCachedMapOptions.ReconnectionStrategy;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.Protocol;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The L1 designs issue 5 asks to compare, each as one "instance" of the service would run it: its own Redisson
 * client(s), reading (and, for the propagation measurement, writing) the keys of an {@link L1Keys}. Every
 * alternative is sized to hold all keys, so a warm instance answers every read from its L1.
 */
public enum L1Alternative {
    /**
     * Ours (ADR 7): {@link TwoLevelCacheStore} — Caffeine, invalidated over our pub/sub channel, trusted by
     * heartbeats — over {@link RedissonCacheStore}, composed as bootstrap does ({@code TwoLevelCacheStore.create}).
     * A write is the production write: {@code invalidate(key)} (version bump + delete in Redis, then PUBLISH).
     */
    TWO_LEVEL(true) {
        @Override
        public Instance open(L1Keys keys) {
            RedissonClient client = RedisClientFactory.create(keys.redis());
            try {
                RedissonCacheStore redis = new RedissonCacheStore(client, keys.redis());
                TwoLevelCacheStore store = TwoLevelCacheStore.create(client, redis, keys.redis(), keys.count() + 100);
                String[] names = new String[keys.count()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = keys.logicalKey(i);
                }
                return new Instance() {
                    @Override
                    public String get(int index) {
                        return store.get(names[index]).orElse(null);
                    }

                    @Override
                    public void seed(int index, String value) {
                        redis.set(names[index], value, L1Keys.TTL);
                    }

                    @Override
                    public void write(int index, String value) {
                        store.invalidate(List.of(names[index]));
                    }

                    @Override
                    public void awaitReady() {
                        awaitTrue("the L1 trusted (first heartbeat back)", store::isTrusted);
                    }

                    @Override
                    public long localEntries() {
                        return store.l1Size();
                    }

                    @Override
                    public void close() {
                        store.close();
                        client.shutdown();
                    }
                };
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        }
    },

    /**
     * Redisson's {@code RLocalCachedMap<String, String>} over one hash, defaults otherwise (sync strategy
     * INVALIDATE, reconnection strategy NONE), LRU-bounded to the key count. A write is {@code fastPut}.
     */
    LOCAL_CACHED_MAP(true) {
        @Override
        public Instance open(L1Keys keys) {
            return openLocalCachedMap(keys, ReconnectionStrategy.NONE);
        }
    },

    /**
     * Redisson's RESP3 client-side caching (server-assisted, CLIENT TRACKING): the service's client settings plus
     * {@code Protocol.RESP3}, {@code getClientSideCaching(LRU, size = key count)}, {@code getBucket(key).get()}
     * (the buckets are created once, as for the plain GET). A write is {@code SET} through this instance.
     */
    CLIENT_SIDE_CACHING(true) {
        @Override
        public Instance open(L1Keys keys) {
            Config config = RedisClientFactory.redissonConfig(keys.redis());
            config.setProtocol(Protocol.RESP3);
            RedissonClient client = Redisson.create(config);
            try {
                RClientSideCaching caching = client.getClientSideCaching(ClientSideCachingOptions.defaults()
                        .evictionPolicy(ClientSideCachingOptions.EvictionPolicy.LRU)
                        .size(keys.count() + 100));
                @SuppressWarnings("unchecked")
                RBucket<String>[] buckets = new RBucket[keys.count()];
                for (int i = 0; i < buckets.length; i++) {
                    buckets[i] = caching.getBucket(keys.fullKey(i), StringCodec.INSTANCE);
                }
                return new Instance() {
                    @Override
                    public String get(int index) {
                        return buckets[index].get();
                    }

                    @Override
                    public void seed(int index, String value) {
                        buckets[index].set(value, L1Keys.TTL);
                    }

                    @Override
                    public void write(int index, String value) {
                        buckets[index].set(value, L1Keys.TTL);
                    }

                    @Override
                    public long localEntries() {
                        return localCacheSize(caching);
                    }

                    @Override
                    public void close() {
                        caching.destroy();
                        client.shutdown();
                    }
                };
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        }
    },

    /** The floor without any L1: a plain {@code RBucket<String>(StringCodec).get()}, one round trip per read. */
    REDIS_GET(false) {
        @Override
        public Instance open(L1Keys keys) {
            RedissonClient client = RedisClientFactory.create(keys.redis());
            @SuppressWarnings("unchecked")
            RBucket<String>[] buckets = new RBucket[keys.count()];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = client.getBucket(keys.fullKey(i), StringCodec.INSTANCE);
            }
            return new Instance() {
                @Override
                public String get(int index) {
                    return buckets[index].get();
                }

                @Override
                public void seed(int index, String value) {
                    buckets[index].set(value, L1Keys.TTL);
                }

                @Override
                public void write(int index, String value) {
                    buckets[index].set(value, L1Keys.TTL);
                }

                @Override
                public long localEntries() {
                    return -1;
                }

                @Override
                public void close() {
                    client.shutdown();
                }
            };
        }
    };

    private final boolean hasL1;

    L1Alternative(boolean hasL1) {
        this.hasL1 = hasL1;
    }

    /** Whether this alternative keeps values in process (all but the plain GET). */
    public boolean hasL1() {
        return hasL1;
    }

    /** A new instance: its own client(s), connected to the keys' Redis; the caller closes it. */
    public abstract Instance open(L1Keys keys);

    /** {@link #LOCAL_CACHED_MAP} with the given reconnection strategy (NONE is Redisson's default). */
    public static Instance openLocalCachedMap(L1Keys keys, ReconnectionStrategy reconnection) {
        RedissonClient client = RedisClientFactory.create(keys.redis());
        try {
            RLocalCachedMap<String, String> map = client.getLocalCachedMap(
                    LocalCachedMapOptions.<String, String>name(keys.mapName())
                            .codec(StringCodec.INSTANCE)
                            .cacheSize(keys.count() + 100)
                            .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
                            .reconnectionStrategy(reconnection));
            String[] names = new String[keys.count()];
            for (int i = 0; i < names.length; i++) {
                names[i] = keys.logicalKey(i);
            }
            return new Instance() {
                @Override
                public String get(int index) {
                    return map.get(names[index]);
                }

                @Override
                public void seed(int index, String value) {
                    map.fastPut(names[index], value);
                }

                @Override
                public void write(int index, String value) {
                    map.fastPut(names[index], value);
                }

                @Override
                public long localEntries() {
                    return map.getCachedMap().size();
                }

                @Override
                public void close() {
                    client.shutdown();
                }
            };
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /**
     * Opens an instance and fills its L1 with every key: waits until it may answer, reads every key once, and
     * checks the L1 then holds them all, so a benchmark never silently measures Redis round trips.
     */
    public Instance openWarm(L1Keys keys) {
        Instance instance = open(keys);
        if (!hasL1) {
            try {
                readAll(instance, keys, name());
                return instance;
            } catch (RuntimeException e) {
                instance.close();
                throw e;
            }
        }
        return warm(instance, keys, name());
    }

    /** Fills {@code instance}'s L1 with every key and checks it holds them all (closes it when that fails). */
    public static Instance warm(Instance instance, L1Keys keys, String name) {
        try {
            instance.awaitReady();
            // reads made while the L1 is not trusted (a late heartbeat on a loaded machine) bypass it and a heartbeat
            // gap clears it, so one pass may leave keys out: read again until it holds them all
            awaitTrue(name + " holding all " + keys.count() + " keys in its L1", () -> {
                readAll(instance, keys, name);
                return instance.localEntries() >= keys.count();
            });
            return instance;
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
    }

    private static void readAll(Instance instance, L1Keys keys, String name) {
        for (int i = 0; i < keys.count(); i++) {
            if (!keys.value().equals(instance.get(i))) {
                throw new IllegalStateException(name + ": key " + keys.logicalKey(i)
                        + " does not hold the expected value");
            }
        }
    }

    /** One instance of an alternative, reading and writing the keys by index. */
    public interface Instance extends AutoCloseable {
        /** The value of key {@code index} (null when absent), from the L1 when it holds it. */
        String get(int index);

        /** Stores {@code value} in Redis without caring about other instances' L1s (setting up a trial). */
        void seed(int index, String value);

        /** The write whose propagation to other instances' L1s is measured (see each alternative). */
        void write(int index, String value);

        /** Blocks until the L1 may answer (only ours needs to wait: for its first heartbeat). */
        default void awaitReady() {
        }

        /** Entries in the local cache now; -1 without one. */
        long localEntries();

        @Override
        void close();
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    /**
     * Redisson exposes no size of its client-side cache; the field holding it is read reflectively, only to check
     * warm-up (never in measured code). -1 when that fails, which the warm-up check then reports.
     */
    static long localCacheSize(RClientSideCaching caching) {
        try {
            java.lang.reflect.Field field = caching.getClass().getDeclaredField("cache");
            field.setAccessible(true);
            return ((Map<?, ?>) field.get(caching)).size();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
