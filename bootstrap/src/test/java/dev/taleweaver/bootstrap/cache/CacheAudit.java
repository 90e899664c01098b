package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.story.StoryId;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Compares what the cache holds with what the database holds, once nobody writes any more. Every value key under
 * the prefix must decode to exactly the database's answer for that key: an entity key to {@code findById} (and
 * must not exist when the row is gone), a collection key to the positions of the same list's members (ADR 11). Reads through the cached repositories
 * must equal the database's answers too.
 *
 * <p>Each method returns the problems found, one line each, so a failing test names every stale key at once.
 */
final class CacheAudit {
    /** Where RedissonCacheStore keeps a key's invalidation version: {@code prefix + "ver:{" + prefix + key + "}"}. */
    private static final String VERSION_KEY_START = "ver:{";

    private final RedissonClient client;
    private final String prefix;
    private final Database db;
    private final List<Shape<?, ?>> shapes;

    CacheAudit(RedissonClient client, String prefix, Database db) {
        this.client = client;
        this.prefix = prefix;
        this.db = db;
        this.shapes = List.of(
                new Shape<>("hero", CacheStack.CODECS.hero(), CacheStack.CODECS.heroes(), HeroId::new, db.heroes(),
                        childId -> Optional.empty()),
                new Shape<>("child", CacheStack.CODECS.child(), CacheStack.CODECS.children(), ChildId::new,
                        db.children(), childId -> Optional.empty()),
                new Shape<>("story", CacheStack.CODECS.story(), CacheStack.CODECS.stories(), StoryId::new,
                        db.stories(), childId -> Optional.of(db.stories().findByChild(childId))));
    }

    /** The value keys under the prefix (logical names, prefix removed), sorted; version keys left out. */
    List<String> cachedKeys() {
        try (Stream<String> keys = client.getKeys().getKeysStream(KeysScanOptions.defaults().pattern(prefix + "*"))) {
            // SCAN may report a key twice while Redis resizes its table
            return keys.map(key -> key.substring(prefix.length()))
                    .filter(key -> !key.startsWith(VERSION_KEY_START))
                    .distinct().sorted().toList();
        }
    }

    /** The raw text cached under a logical key, if any. */
    Optional<String> raw(String key) {
        return Optional.ofNullable(client.<String>getBucket(prefix + key, StringCodec.INSTANCE).get());
    }

    /** Every cached value that differs from the database's answer for its key. */
    List<String> staleEntries() {
        List<String> problems = new ArrayList<>();
        for (String key : cachedKeys()) {
            // gone since the scan (expired or evicted): nothing stale can be served from it
            raw(key).ifPresent(text -> check(key, text).ifPresent(problems::add));
        }
        return problems;
    }

    /** Every read through {@code cached} that differs from the same read of the database. */
    List<String> staleReads(Repositories cached, Collection<HeroId> heroes, Collection<ChildId> children,
                            Collection<StoryId> stories, Collection<Language> languages) {
        List<String> problems = new ArrayList<>();
        heroes.forEach(id -> compare(problems, "heroes.findById(" + id + ")",
                () -> cached.heroes().findById(id), () -> db.heroes().findById(id)));
        children.forEach(id -> compare(problems, "children.findById(" + id + ")",
                () -> cached.children().findById(id), () -> db.children().findById(id)));
        stories.forEach(id -> compare(problems, "stories.findById(" + id + ")",
                () -> cached.stories().findById(id), () -> db.stories().findById(id)));
        compare(problems, "heroes.listAll()", () -> cached.heroes().listAll(), () -> db.heroes().listAll());
        compare(problems, "children.listAll()", () -> cached.children().listAll(), () -> db.children().listAll());
        compare(problems, "stories.listAll()", () -> cached.stories().listAll(), () -> db.stories().listAll());
        for (Language language : languages) {
            compare(problems, "heroes.findByLanguage(" + language.code() + ")",
                    () -> cached.heroes().findByLanguage(language), () -> db.heroes().findByLanguage(language));
            compare(problems, "children.findByLanguage(" + language.code() + ")",
                    () -> cached.children().findByLanguage(language), () -> db.children().findByLanguage(language));
            compare(problems, "stories.findByLanguage(" + language.code() + ")",
                    () -> cached.stories().findByLanguage(language), () -> db.stories().findByLanguage(language));
        }
        children.forEach(id -> compare(problems, "stories.findByChild(" + id + ")",
                () -> cached.stories().findByChild(id), () -> db.stories().findByChild(id)));
        return problems;
    }

    private static void compare(List<String> problems, String read, Supplier<?> cached, Supplier<?> database) {
        Object fromCache = cached.get();
        Object fromDatabase = database.get();
        if (!Objects.equals(fromCache, fromDatabase)) {
            problems.add(read + " returned " + fromCache + " but the database holds " + fromDatabase);
        }
    }

    private Optional<String> check(String key, String text) {
        int colon = key.indexOf(':');
        String type = colon < 0 ? key : key.substring(0, colon);
        return shapes.stream().filter(shape -> shape.type().equals(type)).findFirst()
                .map(shape -> shape.check(key, key.substring(colon + 1), text))
                .orElseGet(() -> Optional.of(key + ": a key of no known entity type"));
    }

    /** The listing a collection key names ({@code all}, {@code lang:en}, {@code child:{id}[:lang:en]}, {@code hero:{id}}). */
    private static Optional<Listing> listingOf(String rest) {
        String[] parts = rest.split(":");
        if (parts.length == 1 && parts[0].equals("all")) {
            return Optional.of(Listing.ALL);
        }
        if (parts.length == 2 && parts[0].equals("lang")) {
            return Optional.of(new Listing.InLanguage(Language.of(parts[1])));
        }
        if (parts[0].equals("child") && (parts.length == 2 || parts.length == 4 && parts[2].equals("lang"))) {
            return Optional.of(new Listing.OfChild(new ChildId(UUID.fromString(parts[1])),
                    parts.length == 4 ? Optional.of(Language.of(parts[3])) : Optional.empty()));
        }
        if (parts.length == 2 && parts[0].equals("hero")) {
            return Optional.of(new Listing.OfHero(new HeroId(UUID.fromString(parts[1]))));
        }
        return Optional.empty();
    }

    /** How one entity type's keys are named, decoded and answered by the database. */
    private record Shape<I, R>(String type, CacheCodec<R> one, CacheCodec<List<R>> many, Function<UUID, I> id,
                               EntityRepository<I, ?, R> base,
                               Function<ChildId, Optional<List<R>>> byChild) {

        Optional<String> check(String key, String rest, String text) {
            Object cached;
            Object expected;
            if (rest.equals("all") || rest.contains(":")) {
                // a collection: the positions of its members (ADR 11)
                Optional<Listing> listing = listingOf(rest);
                if (listing.isEmpty()) {
                    return Optional.of(key + ": " + type + " has no such list");
                }
                cached = CacheStack.CODECS.members().decode(text);
                expected = base.members(listing.get());
            } else {
                cached = one.decode(text);
                Optional<R> row = base.findById(id.apply(UUID.fromString(rest)));
                if (row.isEmpty()) {
                    return Optional.of(key + ": cached " + cached + " but the database has no such row");
                }
                expected = row.get();
            }
            return cached.equals(expected) ? Optional.empty()
                    : Optional.of(key + ": cached " + cached + " but the database holds " + expected);
        }
    }
}
