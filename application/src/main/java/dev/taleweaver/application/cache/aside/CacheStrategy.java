package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.domain.common.Language;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CacheStrategy of docs/caching.md: everything the one generic {@link CachedRepository} needs to know about an entity
 * type — its keys, TTL, codecs, and which keys a write makes stale.
 *
 * @param <I> the id type
 * @param <R> what reads return and what is cached (the entity or its view)
 */
public interface CacheStrategy<I, R> {

    /** The key prefix and the name in logs and metrics, e.g. {@code hero}. */
    String entityType();

    /** The nominal TTL of every entry of this type (jitter is added on each write). */
    Duration defaultTtl();

    boolean cacheOnRead();

    boolean cacheOnWrite();

    CacheCodec<R> entityCodec();

    CacheCodec<List<R>> listCodec();

    I idOf(R value);

    Language languageOf(R value);

    /** Keys beyond id, all and language that hold this value, e.g. {@code story:child:{child_id}}. */
    default Set<String> relatedKeys(R value) {
        return Set.of();
    }

    default String buildKey(CacheOperation operation, Object... params) {
        return operation.key(entityType(), params);
    }

    default String idKey(I id) {
        return buildKey(CacheOperation.FIND_BY_ID, id);
    }

    default String allKey() {
        return buildKey(CacheOperation.LIST_ALL);
    }

    default String languageKey(Language language) {
        return buildKey(CacheOperation.FIND_BY_LANGUAGE, language.code());
    }

    default String serialize(R value, Instant cachedAt, Duration ttl) {
        return entityCodec().encode(value, cachedAt, ttl);
    }

    default R deserialize(String text) {
        return entityCodec().decode(text);
    }

    default String serializeList(List<R> values, Instant cachedAt, Duration ttl) {
        return listCodec().encode(values, cachedAt, ttl);
    }

    default List<R> deserializeList(String text) {
        return listCodec().decode(text);
    }

    /** Every key whose cached value contains {@code value}. */
    default Set<String> keysHolding(R value) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(idKey(idOf(value)));
        keys.add(allKey());
        keys.add(languageKey(languageOf(value)));
        keys.addAll(relatedKeys(value));
        return keys;
    }

    /**
     * The keys a write makes stale: those holding the state before it and those that should hold the state
     * after it (a language change empties one language list and changes another). Save has no before,
     * delete no after.
     */
    default Set<String> invalidationKeys(Optional<R> before, Optional<R> after) {
        Set<String> keys = new LinkedHashSet<>();
        before.ifPresent(b -> keys.addAll(keysHolding(b)));
        after.ifPresent(a -> keys.addAll(keysHolding(a)));
        return keys;
    }
}
