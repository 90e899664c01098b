/**
 * The cache adapter: {@link dev.taleweaver.adapter.redis.RedissonCacheStore} implements the CacheStore port on
 * Redis through Redisson, {@link dev.taleweaver.adapter.redis.JacksonCacheCodecs} the cache entries' JSON, and
 * {@link dev.taleweaver.adapter.redis.TwoLevelCacheStore} an optional in-process L1 in front of it.
 *
 * <p>Wiring: {@code RedisConfig} (validated settings) → {@code RedisClientFactory.create(config)} (a lazily
 * connecting client the caller shuts down) → {@code new RedissonCacheStore(client, config)} → optionally
 * {@code TwoLevelCacheStore.create(client, store, config, maxEntries)} (closed before the client).
 *
 * <p>Choices worth knowing:
 * <ul>
 *   <li>The client connects on first use, so the service starts while Redis is down and uses it as soon as it
 *       answers; while it does not, every operation fails within about socket timeout × (retries + 1) with a
 *       CacheStoreException whose kind is CONNECTION or TIMEOUT.</li>
 *   <li>Keys are {@code prefix + key}; versions {@code prefix + "ver:{" + prefix + key + "}"}, in the same cluster
 *       slot, updated by Lua (EVALSHA, reloaded after NOSCRIPT) so check-and-set and bump-and-delete are atomic.</li>
 *   <li>deletePattern is SCAN + UNLINK on every master and never deletes version keys (they expire after a day).</li>
 *   <li>The L1 (Caffeine, bounded) answers only while its own heartbeats come back in order over the deployment's
 *       pub/sub channel {@code <prefix>l1:invalidate}, which also carries every invalidation; otherwise it is
 *       cleared and bypassed. A write is never served stale by another instance's L1 for longer than 100 ms.</li>
 *   <li>Entries carry a schema version; another version decodes as OutdatedCacheEntryException (a miss), anything
 *       unreadable or invalid as CacheCodecException.</li>
 * </ul>
 */
package dev.taleweaver.adapter.redis;
