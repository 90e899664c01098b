package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Position;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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

    /** The codec of a cached collection: its members' positions (ADR 11). */
    CacheCodec<List<Position>> memberCodec();

    I idOf(R value);

    /** The id of a collection member. */
    I idOfMember(UUID id);

    /** Where a value sits in every list of its type. */
    Position positionOf(R value);

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

    /** The per-entity key of a collection member, by the id its list holds. */
    default String memberKey(UUID id) {
        return idKey(idOfMember(id));
    }

    default String allKey() {
        return buildKey(CacheOperation.LIST_ALL);
    }

    default String languageKey(Language language) {
        return buildKey(CacheOperation.FIND_BY_LANGUAGE, language.code());
    }

    /** The key of a collection. @throws IllegalArgumentException for a listing this type does not keep */
    default String listingKey(Listing listing) {
        if (listing instanceof Listing.All) {
            return allKey();
        }
        if (listing instanceof Listing.InLanguage inLanguage) {
            return languageKey(inLanguage.language());
        }
        throw new IllegalArgumentException(entityType() + " keeps no list " + listing.name());
    }

    /** The operation a collection read is reported as, in logs and metrics. */
    default CacheOperation operationOf(Listing listing) {
        return listing instanceof Listing.All ? CacheOperation.LIST_ALL : CacheOperation.FIND_BY_LANGUAGE;
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

    /** The collections {@code value} is a member of: {@code all}, its language's, and {@link #relatedKeys}. */
    default Set<String> collectionKeys(R value) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(allKey());
        keys.add(languageKey(languageOf(value)));
        keys.addAll(relatedKeys(value));
        return keys;
    }

    /** Every key whose cached value holds {@code value}'s data: only its own (collections hold ids, ADR 11). */
    default Set<String> keysHolding(R value) {
        return Set.of(idKey(idOf(value)));
    }

    /**
     * The keys a write makes stale: the entity's own key, and the collections whose membership or order it changes
     * (ADR 11). A save joins the collections of the state after, a delete leaves those of the state before; an update
     * leaves the collections only the before-state is in and joins those only the after-state is in (a language
     * change: the old and the new language list). A collection holds ids in creation order, and neither an id nor a
     * creation time ever changes, so an update that stays in a collection (a rename) leaves it alone. Save has no
     * before, delete no after.
     */
    default Set<String> invalidationKeys(Optional<R> before, Optional<R> after) {
        Set<String> keys = new LinkedHashSet<>();
        before.ifPresent(b -> keys.add(idKey(idOf(b))));
        after.ifPresent(a -> keys.add(idKey(idOf(a))));
        Set<String> left = before.map(this::collectionKeys).orElse(Set.of());
        Set<String> joined = after.map(this::collectionKeys).orElse(Set.of());
        left.stream().filter(k -> !joined.contains(k)).forEach(keys::add);
        joined.stream().filter(k -> !left.contains(k)).forEach(keys::add);
        return keys;
    }
}
