package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.cache.resilience.CacheCircuitOpenException;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.application.port.in.WriteOutcomeUnknownException;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import dev.taleweaver.application.port.out.OutdatedCacheEntryException;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The CachedRepository of docs/caching.md: a cache-aside decorator of any {@link EntityRepository}, configured by a
 * {@link CacheStrategy}. One implementation serves heroes, children and stories.
 *
 * <p>Reads look in the cache, and on a miss load from the base repository and store the result only if no
 * write invalidated the key meanwhile ({@link CacheStore#setIfVersion}), so a slow reader never caches data
 * older than a concurrent write. Concurrent misses of one key share one load. Writes go to the base first (an
 * update's change runs there, on the locked row: a write never reads the cache), then invalidate every key holding
 * the state before or after the write, then (write-through) store the written state once under the entity's own
 * key, at the version the invalidation made.
 *
 * <p>The cache never makes a call fail: whatever the store or the codec does, reads return the database's
 * answer and writes succeed when the database write did. Put a {@link CircuitBreakingCacheStore} in front of
 * the real store so an outage costs no timeout per request and connection errors are logged once.
 */
public class CachedRepository<I, E, R> implements EntityRepository<I, E, R> {
    private static final Logger log = LoggerFactory.getLogger(CachedRepository.class);

    private final EntityRepository<I, E, R> base;
    private final CacheStore store;
    private final CacheStrategy<I, R> strategy;
    private final String type;
    private final CacheListener listener;
    private final TtlJitter jitter;
    private final Clock clock;
    private final Consumer<I> onChanged;
    private final RefreshAhead refreshAhead;
    /** {@link CacheOptions#jsonHits}, and this repository caches reads. */
    private final boolean jsonHits;
    private final SingleFlight<Flight> flights = new SingleFlight<>();
    /** Keys being encoded and written by a load right now: at most one fill per key at a time. */
    private final Set<String> filling = ConcurrentHashMap.newKeySet();

    /** The three-argument form of docs/caching.md: default options, no dependent views. */
    public CachedRepository(EntityRepository<I, E, R> base, CacheStore store, CacheStrategy<I, R> strategy) {
        this(base, store, strategy, CacheOptions.defaults(), id -> { });
    }

    /**
     * @param onChanged called with the id after an update or delete changed or removed an entity, to drop
     *                  cached views elsewhere that embed it; it must not throw
     */
    public CachedRepository(EntityRepository<I, E, R> base, CacheStore store, CacheStrategy<I, R> strategy,
                            CacheOptions options, Consumer<I> onChanged) {
        this.base = Objects.requireNonNull(base, "base");
        this.store = Objects.requireNonNull(store, "store");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.type = strategy.entityType();
        this.listener = options.listener();
        this.jitter = options.jitter();
        this.clock = options.clock();
        this.onChanged = Objects.requireNonNull(onChanged, "onChanged");
        this.refreshAhead = options.refreshAhead();
        this.jsonHits = options.jsonHits() && strategy.cacheOnRead();
    }

    // ---- reads ------------------------------------------------------------------------------------------

    @Override
    public Optional<R> findById(I id) {
        return read(CacheOperation.FIND_BY_ID, strategy.idKey(id), strategy.entityCodec(),
                value -> id.equals(strategy.idOf(value)), () -> base.findById(id));
    }

    /**
     * {@link #findById}; with {@link CacheOptions#jsonHits}, a hit whose entry the codec can hand out as the entity's
     * canonical JSON ({@link CacheCodec#entityJson}) is answered as those bytes, without decoding (ADR 13). Everything
     * else is as for {@link #findById}: the same single read of the store (obeying the circuit breaker and the
     * invalidation fence), the same metrics (a hit of {@code find_by_id}; an upcast hit for an entry of the previous
     * schema version), and an entry the fast path does not take is decoded, so a corrupt, alien or outdated one is
     * reported and healed as before.
     */
    @Override
    public Optional<ValueOrJson<R>> findValueOrJsonById(I id) {
        if (!jsonHits) {
            return findById(id).map(ValueOrJson::value);
        }
        String key = strategy.idKey(id);
        CacheCodec<R> codec = strategy.entityCodec();
        String idText = id.toString();
        return readHit(CacheOperation.FIND_BY_ID, key, codec, value -> id.equals(strategy.idOf(value)),
                () -> base.findById(id), () -> store.getBytes(key).map(entry -> hitOf(entry, codec, idText)))
                .map(hit -> hit.json() != null ? ValueOrJson.<R>json(hit.json()) : ValueOrJson.value(hit.value()));
    }

    /** An entry's entity JSON when the codec hands it out, else its decoded value. */
    private static <T> Hit<T> hitOf(byte[] entry, CacheCodec<T> codec, String id) {
        CacheCodec.EntityJson json = codec.entityJson(entry, id);
        if (json != null) {
            return new Hit<>(null, json.json(), json.upcast());
        }
        T value = CacheCodec.decodeOrFail(codec, new String(entry, StandardCharsets.UTF_8));
        return new Hit<>(value, null, codec.isUpcast(value)); // asked on the decoding thread, right after
    }

    @Override
    public List<R> listAll() {
        return readList(Listing.ALL);
    }

    @Override
    public List<R> findByLanguage(Language language) {
        return readList(new Listing.InLanguage(language));
    }

    /**
     * A whole list, assembled from its cached id list and the per-entity entries like a page without a limit: its
     * work grows with the list, so only callers that need every member (the warm-up, tests) use it.
     */
    protected final List<R> readList(Listing listing) {
        Optional<List<Position>> members = cachedMembers(listing);
        if (members.isEmpty()) {
            return wholeFromBase(listing);
        }
        List<R> items = assemble(listing, members.get(), 0, members.get().size(), false);
        if (items != null) {
            return items;
        }
        Optional<List<Position>> again = cachedMembers(listing);
        return again.isEmpty() ? wholeFromBase(listing)
                : assemble(listing, again.get(), 0, again.get().size(), true);
    }

    /** A list too long to be kept as one id list, read page by page from the base. */
    private List<R> wholeFromBase(Listing listing) {
        List<R> all = new ArrayList<>();
        PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<R> page = base.page(listing, request);
            all.addAll(page.items());
            if (page.next().isEmpty()) {
                return all;
            }
            request = new PageRequest(page.next(), PageRequest.MAX_LIMIT);
        }
    }

    /**
     * A page: the collection's id list (cached under the listing's key, docs/caching.md), the slice after the
     * cursor, and its members assembled from the per-entity entries (L1, then one multi-key read, then one query).
     */
    @Override
    public Page<R> page(Listing listing, PageRequest request) {
        if (!strategy.cacheOnRead()) {
            return base.page(listing, request);
        }
        Page<R> page = pageOf(listing, request, false);
        return page != null ? page : pageOf(listing, request, true);
    }

    /** Null when the id list named members of another list and was dropped (unless {@code tolerate}): read again. */
    private Page<R> pageOf(Listing listing, PageRequest request, boolean tolerate) {
        Optional<List<Position>> cached = cachedMembers(listing);
        if (cached.isEmpty()) {
            return base.page(listing, request); // too long to be kept as one id list: a keyset page, bounded by the limit
        }
        List<Position> members = cached.get();
        Slice slice = Slice.of(members, request);
        List<R> items = assemble(listing, members, slice.from(), slice.to(), tolerate);
        return items == null ? null : new Page<>(items, slice.next());
    }

    /** The members a page takes, {@code members.subList(from, to)}, and the position its next page starts after. */
    private record Slice(int from, int to, Optional<Position> next) {
        static Slice of(List<Position> members, PageRequest request) {
            int from = startOf(members, request);
            int to = Math.min(members.size(), from + request.limit());
            return new Slice(from, to, to < members.size() ? Optional.of(members.get(to - 1)) : Optional.empty());
        }
    }

    /** The cached id list of a collection (see {@link #cachedMembers}); the base's answer for a list too long. */
    @Override
    public List<Position> members(Listing listing) {
        if (!strategy.cacheOnRead()) {
            return base.members(listing);
        }
        return cachedMembers(listing).orElseGet(() -> base.members(listing));
    }

    /**
     * The cached id list of a collection, loaded from the base (and cached at its version) on a miss; empty when the
     * list has more than {@link EntityRepository#MAX_CACHED_MEMBERS} members, which is never cached (pages of it are
     * read from the base).
     */
    private Optional<List<Position>> cachedMembers(Listing listing) {
        // the codec checks the list order when it decodes an entry (OrderedMemberCodec), not on every read
        return read(strategy.operationOf(listing), strategy.listingKey(listing), strategy.memberCodec(),
                members -> true, () -> loadMembers(listing));
    }

    /** A collection's id list from the base: empty when it is too long to be cached. */
    private Optional<List<Position>> loadMembers(Listing listing) {
        List<Position> loaded = base.members(listing);
        // a copy, because a loaded list is shared by every caller of a single flight
        return loaded.size() > MAX_CACHED_MEMBERS ? Optional.empty() : Optional.of(List.copyOf(loaded));
    }

    // ---- reads from memory alone (ADR 22): never the base, never a round trip ---------------------------------

    /**
     * {@link #page}, when the store holds the id list and every member of the page in memory and may answer them now
     * ({@link CacheStore#heldDecoded}, {@link CacheStore#heldAll}): the same page, counted as {@link #page} counts
     * a page it found cached. Null otherwise — a member missing, of another entity or of another list, a store that
     * failed — with nothing counted, healed or loaded: {@link #page} does all that on a thread that may wait.
     */
    @Override
    public Page<R> heldPage(Listing listing, PageRequest request) {
        if (!strategy.cacheOnRead()) {
            return null;
        }
        long started = System.nanoTime();
        String listingKey = strategy.listingKey(listing);
        CacheStore.Decoded<List<Position>> list = held(() -> store.heldDecoded(listingKey, strategy.memberCodec()));
        if (list == null) {
            return null;
        }
        List<Position> members = list.value();
        Slice slice = Slice.of(members, request);
        List<R> items = slice.from() >= slice.to() ? List.of()
                : heldMembers(listing, listingKey, members, slice.from(), slice.to());
        if (items == null) {
            return null;
        }
        countHit(strategy.operationOf(listing), listingKey, list.upcast(), started, strategy.memberCodec(),
                () -> loadMembers(listing));
        listener.onPageMembers(type, items.size(), 0);
        return new Page<>(items, slice.next());
    }

    /**
     * {@link #findValueOrJsonById}, when the store holds the entity in memory and may answer it now: its value,
     * counted as a hit of {@code find_by_id}; else null, with nothing counted.
     */
    @Override
    public ValueOrJson<R> heldValueOrJson(I id) {
        if (!strategy.cacheOnRead() || jsonHits) {
            return null; // jsonHits: no L1 below (ADR 13)
        }
        long started = System.nanoTime();
        String key = strategy.idKey(id);
        CacheCodec<R> codec = strategy.entityCodec();
        CacheStore.Decoded<R> hit = held(() -> store.heldDecoded(key, codec));
        if (hit == null || !id.equals(strategy.idOf(hit.value()))) {
            return null;
        }
        countHit(CacheOperation.FIND_BY_ID, key, hit.upcast(), started, codec, () -> base.findById(id));
        return ValueOrJson.value(hit.value());
    }

    /**
     * The members {@code members.subList(from, to)} as {@link #assemble} makes them of a whole cached answer, when the
     * store holds every one in memory, each the entity of its id and of this listing; else null.
     */
    private List<R> heldMembers(Listing listing, String listingKey, List<Position> members, int from, int to) {
        List<String> keys = memberKeys(members, from, to);
        Map<String, R> answer = held(() -> store.heldAll(keys, strategy.entityCodec()));
        if (answer == null) {
            return null;
        }
        List<R> madeBefore = pageMadeBefore(answer, listingKey);
        if (madeBefore != null) {
            return madeBefore;
        }
        List<R> items = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            R value = answer.get(keys.get(i));
            if (value == null || !isEntityOf(value, members.get(from + i)) || !inListing(value, listing, listingKey)) {
                return null; // gone, alien or of another list: assemble reports and heals it
            }
            items.add(value);
        }
        return pageKeptWith(answer, listingKey, items);
    }

    /** What {@code read} answers from memory; null too when it throws (the read that follows meets it again). */
    private static <T> T held(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Counts a hit of {@code operation} on {@code key} (from memory or not), and offers it to refresh-ahead. */
    private <T> void countHit(CacheOperation operation, String key, boolean upcast, long started, CacheCodec<T> codec,
                             Supplier<Optional<T>> loader) {
        listener.onHit(type, operation, System.nanoTime() - started);
        listener.onKeyHit(type, key);
        if (upcast) {
            listener.onUpcastHit(type, operation);
        }
        if (refreshAhead.sampled()) {
            refreshAhead.submit(type, key, () -> refreshIfDue(key, codec, loader));
        }
    }

    /** The entities with these ids, from the cache where it has them: see {@link #assemble}. */
    @Override
    public List<R> findAllById(Collection<I> ids) {
        return base.findAllById(ids);
    }

    /** The index of the first member of the page {@code request} asks for. */
    private static int startOf(List<Position> members, PageRequest request) {
        return request.after().map(after -> firstAfter(members, after)).orElse(0);
    }

    /** The index of the first member after {@code after} (members are in list order, {@code after} need not be one). */
    private static int firstAfter(List<Position> members, Position after) {
        int found = Collections.binarySearch(members, after);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /**
     * The members at {@code members.subList(from, to)}, in that order: those the cache holds (the L1, then one
     * {@link CacheStore#getAll} for the rest), then the others in one query to the base, each stored under its own
     * key at the version read before that query ({@link CacheStore#setIfVersion}, ADR 6). A member that is gone, or
     * no longer belongs to the listing (its language changed since the id list was read), is left out; in that case
     * the id list is dropped, and unless {@code tolerate} the answer is null, so the caller reads it once more (from
     * the database): an alien id list must not hide the members it lacks.
     *
     * <p>When the cache answered every member with an answer it hands out again while it stands
     * ({@link CacheStore.ReusedAnswer}: the L1), the page made of it is kept with it, and the same answer is the
     * same page: no member is checked or looked up again (on a cached page of 50 heroes, those checks and look-ups
     * were a third of the CPU, docs/benchmarks.md).
     */
    private List<R> assemble(Listing listing, List<Position> members, int from, int to, boolean tolerate) {
        if (from >= to) {
            return List.of();
        }
        List<Position> positions = members.subList(from, to);
        List<String> keys = memberKeys(members, from, to);
        String listingKey = strategy.listingKey(listing);
        Map<String, R> answer = strategy.cacheOnRead() ? cachedAnswer(keys) : Map.of();
        List<R> madeBefore = pageMadeBefore(answer, listingKey);
        if (madeBefore != null) {
            listener.onPageMembers(type, keys.size(), 0);
            return madeBefore;
        }
        Map<String, R> found = withoutAliens(answer, keys, positions);
        int cached = found.size();
        if (cached < keys.size()) {
            found = new HashMap<>(found);
            loadMissing(keys, positions, found);
        }
        listener.onPageMembers(type, cached, keys.size() - cached);
        List<R> items = new ArrayList<>(positions.size());
        boolean strangers = false;
        for (String key : keys) {
            R value = found.get(key);
            if (value == null) {
                continue; // deleted since the id list was read: its delete invalidated the list too
            }
            if (inListing(value, listing, listingKey)) {
                items.add(value);
            } else {
                strangers = true;
            }
        }
        if (strangers) {
            // alien data, or (rarely) a language change that committed while this page was read, whose invalidation
            // of the list has run or is about to: either way the list is dropped and the next read loads it again
            log.error("Cache deserialization error: entity={} key={}: the id list names members of another list;"
                    + " leaving them out and deleting the entry", type, listingKey);
            listener.onError(type, CacheErrorKind.DESERIALIZATION);
            invalidate(Set.of(listingKey), InvalidationReason.CORRUPT_ENTRY, "member of another list");
            if (!tolerate) {
                return null;
            }
        }
        // kept only when every member came from the cache and none was alien
        return !strangers && found == answer ? pageKeptWith(answer, listingKey, items) : List.copyOf(items);
    }

    /**
     * {@code items} as a page (copied as {@link Page} keeps it, so a kept page is not copied again), kept with
     * {@code answer} when the store hands that answer out again ({@link CacheStore.ReusedAnswer}).
     */
    private List<R> pageKeptWith(Map<String, R> answer, String listingKey, List<R> items) {
        List<R> page = List.copyOf(items);
        if (answer instanceof CacheStore.ReusedAnswer reused) {
            reused.keep(this, new MadePage(listingKey, page));
        }
        return page;
    }

    /** Whether {@code value} is the entity {@code position} names (the ids compared, not the keys). */
    private boolean isEntityOf(R value, Position position) {
        return strategy.idOf(value).equals(strategy.idOfMember(position.id()));
    }

    /** Whether {@code value} belongs to {@code listing} (keyed {@code listingKey}): every entity is in the whole list. */
    private boolean inListing(R value, Listing listing, String listingKey) {
        return listing instanceof Listing.All || strategy.collectionKeys(value).contains(listingKey);
    }

    /** A page of the listing keyed {@code listingKey}, made of a {@link CacheStore.ReusedAnswer}. */
    private record MadePage(String listingKey, List<?> items) {
    }

    /** The page made before of {@code answer} for the listing keyed {@code listingKey}, if any; else null. */
    @SuppressWarnings("unchecked") // kept by this repository, of its own entities
    private List<R> pageMadeBefore(Map<String, R> answer, String listingKey) {
        if (answer instanceof CacheStore.ReusedAnswer reused && reused.keptBy(this) instanceof MadePage page
                && page.listingKey().equals(listingKey)) {
            return (List<R>) page.items();
        }
        return null;
    }

    /**
     * The per-entity keys of {@code members.subList(from, to)}, in that order: kept with the list when the cache
     * decoded it ({@link KeyedMembers}), else built.
     */
    private List<String> memberKeys(List<Position> members, int from, int to) {
        if (members instanceof KeyedMembers keyed) {
            return keyed.keys(from, to);
        }
        List<String> keys = new ArrayList<>(to - from);
        for (Position position : members.subList(from, to)) {
            keys.add(strategy.memberKey(position.id()));
        }
        return keys;
    }

    /**
     * The per-entity entries the cache holds for {@code keys} (those of the members at {@code positions}, in that
     * order); none when the store fails (the base answers). An entry holding another entity is deleted and left out.
     * The map may be unmodifiable.
     */
    private Map<String, R> cachedEntities(List<String> keys, List<Position> positions) {
        return withoutAliens(cachedAnswer(keys), keys, positions);
    }

    /** The cache's answer for {@code keys}, as it gave it; none when the store fails (the base answers). */
    private Map<String, R> cachedAnswer(List<String> keys) {
        try {
            return store.getAll(keys, strategy.entityCodec());
        } catch (RuntimeException e) {
            storeFailed(e, keys.size() + " " + type + " keys");
            return Map.of();
        }
    }

    /**
     * {@code found} (the cache's answer for {@code keys}, those of the members at {@code positions}) without the
     * entries that hold another entity, which are deleted; {@code found} itself when there are none.
     */
    private Map<String, R> withoutAliens(Map<String, R> found, List<String> keys, List<Position> positions) {
        Set<String> alien = new LinkedHashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            R value = found.get(keys.get(i));
            // the ids compared, not the keys: building a key per member was a tenth of a cached page's CPU
            if (value != null && !isEntityOf(value, positions.get(i))) {
                alien.add(keys.get(i));
            }
        }
        if (!alien.isEmpty()) {
            log.error("Cache deserialization error: entity={} keys={}: entries holding a value of another key;"
                    + " deleting them", type, alien);
            listener.onError(type, CacheErrorKind.DESERIALIZATION);
            invalidate(alien, InvalidationReason.CORRUPT_ENTRY, "entry of another key");
            found = new HashMap<>(found);
            found.keySet().removeAll(alien);
        }
        return found;
    }

    /**
     * Loads the entities {@code found} lacks in one query and caches each at the version read before it, so a write
     * that commits meanwhile (and bumps the version) refuses the fill. Adds them to {@code found}.
     */
    private void loadMissing(List<String> keys, List<Position> positions, Map<String, R> found) {
        Map<I, String> missing = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (!found.containsKey(key)) {
                missing.put(strategy.idOfMember(positions.get(i).id()), key);
            }
        }
        if (strategy.cacheOnRead() && !missing.isEmpty()) {
            List<String> missingKeys = List.copyOf(missing.values());
            try {
                versions.putAll(store.versions(missingKeys)); // one round trip, not one per member
            } catch (RuntimeException e) {
                storeFailed(e, missingKeys.get(0));
            }
        }
        long started = System.nanoTime();
        List<R> loaded = base.findAllById(missing.keySet());
        listener.onLoad(type, System.nanoTime() - started);
        for (R value : loaded) {
            String key = missing.get(strategy.idOf(value));
            if (key == null) {
                continue;
            }
            found.put(key, value);
            Long version = versions.get(key);
            if (version != null) {
                cacheLoadedUnlessBusy(key, version, strategy.entityCodec(), value);
            }
        }
    }

    /**
     * @param fitsKey whether a cached value belongs under its key (the id of {@code hero:{id}} is the hero's); one
     *                that does not was not written by this service for that key and is treated as corrupt
     */
    private <T> Optional<T> read(CacheOperation operation, String key, CacheCodec<T> codec, Predicate<T> fitsKey,
                                 Supplier<Optional<T>> loader) {
        if (!strategy.cacheOnRead()) {
            return loader.get();
        }
        return readHit(operation, key, codec, fitsKey, loader, () -> store.getDecoded(key, codec)
                .map(decoded -> new Hit<>(decoded.value(), null, decoded.upcast()))).map(Hit::value);
    }

    /**
     * {@link #read}, with the store read by {@code fetch}: a hit is a decoded value, or an entity's JSON that the
     * codec checked against the key itself (ADR 13). A loaded value comes back as a value.
     */
    private <T> Optional<Hit<T>> readHit(CacheOperation operation, String key, CacheCodec<T> codec,
                                         Predicate<T> fitsKey, Supplier<Optional<T>> loader,
                                         Supplier<Optional<Hit<T>>> fetch) {
        if (!strategy.cacheOnRead()) {
            return loader.get().map(Hit::of);
        }
        long started = System.nanoTime();
        MissReason reason = MissReason.ABSENT;
        Optional<Hit<T>> cached = Optional.empty();
        try {
            cached = fetch.get();
        } catch (OutdatedCacheEntryException e) {
            reason = MissReason.OUTDATED;
            log.debug("Cache entry of an older schema: entity={} key={} ({}); replacing it", type, key,
                    e.getMessage());
        } catch (CacheCodecException e) {
            reason = MissReason.CORRUPT;
            log.error("Cache deserialization error: entity={} key={}: {}; deleting the entry", type, key,
                    e.getMessage(), e);
            listener.onError(type, CacheErrorKind.DESERIALIZATION);
            invalidate(Set.of(key), InvalidationReason.CORRUPT_ENTRY, "unreadable entry");
        } catch (RuntimeException e) {
            MissReason failed = storeFailed(e, key);
            Optional<T> loaded = load(loader);
            missed(operation, key, failed, started);
            return loaded.map(Hit::of);
        }
        if (cached.isPresent() && cached.get().json() == null && !fitsKey.test(cached.get().value())) {
            reason = MissReason.CORRUPT;
            cached = Optional.empty();
            log.error("Cache deserialization error: entity={} key={}: the entry holds a value of another key;"
                    + " deleting the entry", type, key);
            listener.onError(type, CacheErrorKind.DESERIALIZATION);
            invalidate(Set.of(key), InvalidationReason.CORRUPT_ENTRY, "entry of another key");
        }
        if (cached.isPresent()) {
            // The remaining TTL is not logged: knowing it would cost another round trip per hit.
            if (log.isDebugEnabled()) {
                log.debug("Cache hit: entity={} key={}", type, key);
            }
            countHit(operation, key, cached.get().upcast(), started, codec, loader);
            return cached;
        }
        Optional<T> loaded = loadAndCache(key, codec, loader);
        missed(operation, key, reason, started);
        return loaded.map(Hit::of);
    }

    /**
     * What a read found: a value, or (a hit of {@link #findValueOrJsonById}) the entity's JSON; and whether its entry
     * was of the previous schema version (false for a value loaded from the database).
     */
    private record Hit<T>(T value, byte[] json, boolean upcast) {
        static <T> Hit<T> of(T value) {
            return new Hit<>(value, null, false);
        }
    }

    // ---- prefetching (ADR 16): run by the prefetch worker, never on a request thread --------------------------

    /**
     * The share of an entry's nominal TTL before its expiry in which a sampled hit reloads it (refresh-ahead): the
     * last tenth.
     */
    public static final double REFRESH_AHEAD_WINDOW = 0.1;

    /**
     * Reloads {@code key} if its entry expires within the last {@link #REFRESH_AHEAD_WINDOW} of the type's TTL:
     * version first, then the load, stored by {@link CacheStore#setIfVersion} (the read miss's path and single flight),
     * so a write meanwhile wins. The entry's expiry is read from its text ({@link CacheCodec#expiresAt}); an entry
     * gone or unreadable is left to the next read.
     */
    private <T> Warmed refreshIfDue(String key, CacheCodec<T> codec, Supplier<Optional<T>> loader) {
        Optional<String> text = store.get(key);
        if (text.isEmpty()) {
            return Warmed.SKIPPED;
        }
        Optional<Instant> expiresAt = codec.expiresAt(text.get());
        if (expiresAt.isEmpty()) {
            return Warmed.SKIPPED;
        }
        long windowMillis = (long) (strategy.defaultTtl().toMillis() * REFRESH_AHEAD_WINDOW);
        if (clock.instant().plusMillis(windowMillis).isBefore(expiresAt.get())) {
            return Warmed.ALREADY_CACHED;
        }
        long version = store.version(key);
        loadShared(key, version, codec, loader);
        return Warmed.LOADED;
    }

    /**
     * Fills the entity's own key unless the cache holds it: the version is read before the load and the fill is a
     * {@link CacheStore#setIfVersion} (the read miss's path, sharing its single flight), so a warm can never cache
     * a state older than a write that ran meanwhile. Store failures are thrown to the caller (the prefetch worker).
     */
    public final Warmed warm(I id) {
        if (!strategy.cacheOnRead()) {
            return Warmed.SKIPPED;
        }
        String key = strategy.idKey(id);
        if (store.exists(key)) {
            return Warmed.ALREADY_CACHED;
        }
        long version = store.version(key);
        loadShared(key, version, strategy.entityCodec(), () -> base.findById(id));
        return Warmed.LOADED;
    }

    /**
     * Fills the per-entity entries of the members of one page of a cached collection that the cache lacks, in one
     * query, each at the version read before it (as {@link #page} does for a page it assembles). Nothing when the
     * collection's id list is not cached (it is not loaded for a warm) or every member is cached already.
     */
    public final Warmed warmPage(Listing listing, PageRequest request) {
        if (!strategy.cacheOnRead()) {
            return Warmed.SKIPPED;
        }
        Optional<List<Position>> cached = store.get(strategy.listingKey(listing), strategy.memberCodec());
        if (cached.isEmpty()) {
            return Warmed.SKIPPED;
        }
        List<Position> members = cached.get();
        Slice slice = Slice.of(members, request);
        List<Position> positions = members.subList(slice.from(), slice.to());
        List<String> keys = memberKeys(members, slice.from(), slice.to());
        Map<String, R> found = cachedEntities(keys, positions);
        if (found.size() >= keys.size()) {
            return Warmed.ALREADY_CACHED;
        }
        loadMissing(keys, positions, new HashMap<>(found));
        return Warmed.LOADED;
    }

    private <T> Optional<T> loadAndCache(String key, CacheCodec<T> codec, Supplier<Optional<T>> loader) {
        long version;
        try {
            version = store.version(key);
        } catch (RuntimeException e) {
            storeFailed(e, key);
            return load(loader);
        }
        return loadShared(key, version, codec, loader);
    }

    /**
     * Loads once for every concurrent caller at the same key version and caches the result unless the key was
     * invalidated since {@code version} was read. Callers at a newer version start their own load, so nobody
     * who started after a write is handed data loaded before it.
     */
    private <T> Optional<T> loadShared(String key, long version, CacheCodec<T> codec, Supplier<Optional<T>> loader) {
        return flights.run(new Flight(key, version), () -> {
            Optional<T> loaded = load(loader);
            loaded.ifPresent(value -> cacheLoadedUnlessBusy(key, version, codec, value));
            return loaded;
        });
    }

    private <T> Optional<T> load(Supplier<Optional<T>> loader) {
        long started = System.nanoTime();
        Optional<T> loaded = loader.get();
        listener.onLoad(type, System.nanoTime() - started);
        return loaded;
    }

    /**
     * Writes a loaded value unless another load is filling the same key right now (and, as every write, unless
     * the key was invalidated since {@code version}). Loads of one key at different versions (a write in between)
     * do not share a flight; under a stream of writes to a big list ({@code hero:all}) each would encode megabytes
     * of JSON at once, and all but the newest are refused by the version check after paying for it — under
     * overload that exhausted the heap. Skipping a fill is always safe in cache-aside: the next read loads again.
     */
    private <T> void cacheLoadedUnlessBusy(String key, long version, CacheCodec<T> codec, T value) {
        if (!filling.add(key)) {
            if (log.isDebugEnabled()) {
                log.debug("Cache write skipped: entity={} key={} is being filled by another load", type, key);
            }
            return;
        }
        try {
            cacheUnlessInvalidated(key, version, codec, value);
        } finally {
            filling.remove(key);
        }
    }

    /** Writes a value (a load's, or a writer's write-through) unless the key was invalidated since {@code version}. */
    private <T> void cacheUnlessInvalidated(String key, long version, CacheCodec<T> codec, T value) {
        Duration ttl = jitter.apply(strategy.defaultTtl());
        String text;
        try {
            text = codec.encode(value, clock.instant(), ttl);
        } catch (RuntimeException e) {
            log.error("Cache serialization error: entity={} key={}: {}; not caching it", type, key, e.getMessage(), e);
            listener.onError(type, CacheErrorKind.SERIALIZATION);
            return;
        }
        try {
            boolean stored = store.setIfVersion(key, version, text, ttl);
            if (stored) {
                listener.onPut(type);
                listener.onKeyFill(type, key, ttl);
            }
            if (log.isDebugEnabled()) {
                if (stored) {
                    log.debug("Cache write: entity={} key={} ttl={}s", type, key, ttl.toSeconds());
                } else {
                    log.debug("Cache write skipped: entity={} key={} was invalidated while loading", type, key);
                }
            }
        } catch (RuntimeException e) {
            storeFailed(e, key);
        }
    }

    private void missed(CacheOperation operation, String key, MissReason reason, long started) {
        if (log.isDebugEnabled()) {
            log.debug("Cache miss: entity={} key={} reason={}", type, key, reason);
        }
        listener.onMiss(type, operation, System.nanoTime() - started, reason);
        listener.onKeyMiss(type, key, reason);
    }

    /**
     * Records a store failure; the breaker logs connection errors once per outage, so this only traces. Alien data
     * the store met (and removed) is no failure of the store: it is logged and counted as a deserialization error.
     */
    private MissReason storeFailed(RuntimeException e, String key) {
        if (e instanceof CacheCircuitOpenException) {
            return MissReason.CIRCUIT_OPEN;
        }
        listener.onError(type, CacheErrorKind.of(e));
        if (e instanceof CacheCodecException) {
            log.warn("Cache deserialization error: entity={} key={}: {}", type, key, e.getMessage());
            return MissReason.CORRUPT;
        }
        if (log.isDebugEnabled()) {
            log.debug("Cache unavailable: entity={} key={}: {}; using the database", type, key, e.toString());
        }
        return MissReason.STORE_ERROR;
    }

    // ---- writes ---------------------------------------------------------------------------------------------

    @Override
    public I idOf(E entity) {
        return base.idOf(entity);
    }

    @Override
    public R save(E entity) {
        I id = base.idOf(entity);
        OptionalLong token = versionBeforeWrite(id);
        R saved = written(InvalidationReason.SAVE, () -> base.save(entity));
        afterWrite(InvalidationReason.SAVE, null, saved, token);
        return saved;
    }

    /**
     * Passes {@code change} to the base, which runs it on the locked row inside its transaction (nothing here reads
     * the cache), then invalidates and writes the new state through once.
     */
    @Override
    public Optional<Updated<R>> update(I id, Function<? super R, ? extends E> change) {
        OptionalLong token = versionBeforeWrite(id);
        Optional<Updated<R>> updated = written(InvalidationReason.UPDATE, () -> base.update(id, change));
        updated.ifPresent(u -> afterWrite(InvalidationReason.UPDATE, u.before(), u.after(), token));
        return updated;
    }

    @Override
    public Optional<R> delete(I id, Consumer<? super R> check) {
        Optional<R> removed = written(InvalidationReason.DELETE, () -> base.delete(id, check));
        removed.ifPresent(r -> afterWrite(InvalidationReason.DELETE, r, null, OptionalLong.empty()));
        return removed;
    }

    /**
     * The base's {@code write}. One whose commit was never acknowledged may have committed: its keys are invalidated
     * as if it had (a reload if it had not; the old state served until its TTL if it had and nothing were done),
     * without a write-through, which would store a state that may not exist; the caller still gets the failure.
     */
    @SuppressWarnings("unchecked") // the base repository reports its own read model's states
    private <T> T written(InvalidationReason reason, Supplier<T> write) {
        try {
            return write.get();
        } catch (WriteOutcomeUnknownException e) {
            R before = (R) e.before().orElse(null);
            R after = (R) e.after().orElse(null);
            if (before != null || after != null) {
                afterWrite(reason, before, after, OptionalLong.empty());
            }
            throw e;
        }
    }

    /**
     * The version of the entity's own key, taken before the write's transaction starts; empty when the write will
     * not write through or the store cannot say.
     */
    private OptionalLong versionBeforeWrite(I id) {
        if (!strategy.cacheOnWrite()) {
            return OptionalLong.empty();
        }
        String key = strategy.idKey(id);
        try {
            return OptionalLong.of(store.version(key));
        } catch (RuntimeException e) {
            skippedWriteThrough(e, key);
            return OptionalLong.empty();
        }
    }

    /** {@code before} is null for a save, {@code after} null for a delete. */
    private void afterWrite(InvalidationReason reason, R before, R after, OptionalLong token) {
        I id = strategy.idOf(after != null ? after : before);
        invalidate(strategy.invalidationKeys(Optional.ofNullable(before), Optional.ofNullable(after)), reason,
                type + " " + id);
        if (after != null && token.isPresent()) {
            writeThrough(id, token.getAsLong(), after);
        }
        if (before != null) {
            notifyDependents(id);
        }
    }

    /**
     * Writes the writer's own copy once, at the version its invalidation just made, and only if no other
     * invalidation of the key came in between (see docs/caching.md, "Writes and the invalidation matrix").
     *
     * <p>{@code tokenBefore} was read before the write's transaction started, so before any later writer of the same
     * row could take the row lock, commit and bump the version; {@link CacheStore#invalidate} moves a version forward
     * by exactly one. The version now is therefore {@code tokenBefore + 1} only if this writer's invalidation is the
     * only one since: every writer that committed later bumps after its commit, so it either refuses this set
     * (bumped before it) or deletes what it stored (bumped after it), and a reader holding the new version loaded
     * after this writer's commit. Any other version means another invalidation came in between: the entry is left
     * empty for the next reader, which is always safe in cache-aside. The database is not read again.
     *
     * <p>The check and the store are one call: {@link CacheStore#setIfVersion} at {@code tokenBefore + 1} stores only
     * while the version is that, atomically (a version read first, then the set, was one more round trip per write).
     */
    private void writeThrough(I id, long tokenBefore, R value) {
        cacheUnlessInvalidated(strategy.idKey(id), tokenBefore + 1, strategy.entityCodec(), value);
    }

    /** The write itself succeeded; the next reader fills the key instead. */
    private void skippedWriteThrough(RuntimeException e, String key) {
        if (e instanceof CacheCodecException) {
            storeFailed(e, key);
        }
        if (log.isDebugEnabled()) {
            log.debug("Cache write-through skipped: entity={} key={}: {}", type, key, e.toString());
        }
    }

    private void notifyDependents(I id) {
        try {
            onChanged.accept(id);
        } catch (RuntimeException e) {
            log.warn("Invalidating cached views that embed {} {} failed: {}", type, id, e.toString(), e);
        }
    }

    /** Invalidates keys (bumping their versions so in-flight readers cannot put old data back). Never throws. */
    protected final void invalidate(Set<String> keys, InvalidationReason reason, String subject) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            store.invalidate(keys);
            log.info("Cache invalidation: entity={} keys={} reason={} {}", type, keys, reason, subject);
        } catch (CacheCodecException e) {
            // done all the same: the store replaced what it could not bump
            log.info("Cache invalidation: entity={} keys={} reason={} {}", type, keys, reason, subject);
            storeFailed(e, String.join(",", keys));
        } catch (RuntimeException e) {
            storeFailed(e, String.join(",", keys));
            log.info("Cache invalidation deferred (cache unavailable: {}): entity={} keys={} reason={} {}",
                    e.getMessage(), type, keys, reason, subject);
        }
        listener.onInvalidation(type, reason, keys.size());
        listener.onKeysInvalidated(type, keys, reason);
    }

    /**
     * Invalidates every cached view of this repository that holds one of the values {@code affected} returns
     * (read from the base after the change). If they cannot be found, every entry of this type is dropped.
     */
    protected final void invalidateViews(Supplier<List<R>> affected, String subject) {
        List<R> views;
        try {
            views = affected.get();
        } catch (RuntimeException e) {
            log.warn("Cannot find the {} views affected by {} ({}); dropping every {} entry", type, subject,
                    e.toString(), type);
            flushType(subject);
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        views.forEach(view -> keys.addAll(strategy.keysHolding(view)));
        invalidate(keys, InvalidationReason.RELATED_CHANGE, subject);
    }

    private void flushType(String subject) {
        String pattern = type + ":*";
        try {
            // A pattern delete does not bump versions, so an in-flight reader may still re-cache an old view
            // until its TTL; acceptable for this last-resort path.
            long deleted = store.deletePattern(pattern);
            log.info("Cache invalidation: entity={} pattern={} ({} keys) reason={} {}", type, pattern, deleted,
                    InvalidationReason.RELATED_CHANGE, subject);
        } catch (RuntimeException e) {
            storeFailed(e, pattern);
        }
        listener.onInvalidation(type, InvalidationReason.RELATED_CHANGE, 0);
    }

    /** Callers waiting for another caller's database load (for tests that line callers up). */
    public final int readersWaitingForALoad() {
        return flights.waiting();
    }

    /** One load of one key at one invalidation version. */
    private record Flight(String key, long version) {
    }
}
