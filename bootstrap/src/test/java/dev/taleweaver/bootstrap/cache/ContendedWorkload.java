package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;

/**
 * Many threads reading and writing a SMALL set of heroes, children and stories through the cached repositories, so
 * reads and writes of the same keys overlap all the time: reads of every kind (by id, all, by language, a child's
 * stories); updates that rename, re-rate and move entities between languages (hero and child renames also change
 * the story views that embed their names); deletes followed by re-creation under the same id. Bounded by an
 * operation count and a time limit, whichever comes first.
 *
 * <p>While it runs it checks every read: a read that starts after a write of an entity has RETURNED must not show
 * that entity in a state older than the write (a stale set leaves exactly such a state in the cache). To make
 * "older" decidable, each entity is written by one thread only (its owner), and every write stamps the state it
 * writes with a number from one increasing counter: in updated_at and, for heroes and children, in the name, so
 * the names embedded in story views carry it too. Every thread reads every entity.
 *
 * <p>One window is excused, because the design has it: a hero or child change drops the cached views of the
 * stories the database names for it AFTER the change; a story deleted or moved to another list at that moment is
 * not among them, so a list still holding that story with the old name lives on until the story's own write drops
 * it (right after). So an old name inside a story view counts only if that story had no write in flight during
 * the read.
 */
final class ContendedWorkload {
    static final List<Language> LANGUAGES = Stream.of("en", "fr", "de").map(Language::of).toList();
    private static final List<String> NAMES = List.of("Ava", "Bo", "Cy", "Dee");
    private static final Instant SEEDED = Instant.parse("2024-01-15T10:30:00Z");
    /** A state written by the workload has updated_at = STAMPED + its stamp in microseconds. */
    private static final Instant STAMPED = Instant.parse("2024-01-16T00:00:00Z");
    private static final long UNSTAMPED = Long.MIN_VALUE;
    private static final int READ_PERCENT = 60;
    private static final int MAX_REPORTED = 20;

    private enum Kind { STORY_HERO, FREE_HERO, CHILD, STORY }

    /** One entity: how it was seeded, and the stamp of the newest write of it that has returned. */
    private static final class Tracked {
        final Kind kind;
        final Object seeded;
        final AtomicLong completed = new AtomicLong(UNSTAMPED);
        /** The stamp of the newest write of it that has begun. */
        final AtomicLong started = new AtomicLong(UNSTAMPED);
        /** Whether the row exists; only the owner writes the entity, so only the owner uses this. */
        boolean exists = true;

        Tracked(Kind kind, Object seeded) {
            this.kind = kind;
            this.seeded = seeded;
        }
    }

    /** What was done, and every read that showed a state older than a write that had returned before it began. */
    record Done(long reads, long writes, List<String> staleReads, Duration took) {
        long operations() {
            return reads + writes;
        }
    }

    private final Map<UUID, Tracked> tracked = new LinkedHashMap<>();
    private final List<HeroId> heroIds = new ArrayList<>();
    private final List<ChildId> childIds = new ArrayList<>();
    private final List<StoryId> storyIds = new ArrayList<>();
    private final AtomicLong stamps = new AtomicLong();

    /** Puts the initial rows straight into the database, so the cache starts out knowing nothing. */
    ContendedWorkload(Database db) {
        List<Hero> storyHeroes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Hero hero = db.heroes().save(new Hero(HeroId.random(), NAMES.get(i % NAMES.size()), 12, Gender.MALE,
                    "Wears a blue cape", List.of("brave"), List.of("space"), List.of("flying"), language(i),
                    seeded(i), seeded(i)));
            if (i < 4) {
                storyHeroes.add(hero);
            }
            track(hero.id().value(), i < 4 ? Kind.STORY_HERO : Kind.FREE_HERO, hero);
            heroIds.add(hero.id());
        }
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Child child = db.children().save(new Child(ChildId.random(), NAMES.get(i), 6, Gender.FEMALE,
                    List.of("dragons"), language(i), seeded(i), seeded(i)));
            children.add(child);
            track(child.id().value(), Kind.CHILD, child);
            childIds.add(child.id());
        }
        for (int i = 0; i < 6; i++) {
            Child child = children.get(i % children.size());
            Story story = new Story(StoryId.random(), "Story " + i, "Once upon a time.", child.id(),
                    storyHeroes.get(i % storyHeroes.size()).id(), child.language(), Optional.empty(), seeded(i),
                    seeded(i));
            db.stories().save(story);
            track(story.id().value(), Kind.STORY, story);
            storyIds.add(story.id());
        }
    }

    List<HeroId> heroIds() {
        return List.copyOf(heroIds);
    }

    List<ChildId> childIds() {
        return List.copyOf(childIds);
    }

    List<StoryId> storyIds() {
        return List.copyOf(storyIds);
    }

    /**
     * Runs {@code threads} callers until they have done {@code operations} in total or {@code limit} has passed;
     * returns once every caller has stopped, rethrowing the first unexpected failure.
     */
    Done run(Repositories cached, int threads, int operations, Duration limit, long seed) throws Exception {
        LongAdder reads = new LongAdder();
        LongAdder writes = new LongAdder();
        Queue<String> stale = new ConcurrentLinkedQueue<>();
        List<Tracked> all = List.copyOf(tracked.values());
        Instant start = Instant.now();
        Instant deadline = start.plus(limit);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed + t);
                List<Tracked> owned = new ArrayList<>();
                for (int i = t; i < all.size(); i += threads) {
                    owned.add(all.get(i));
                }
                int share = operations / threads;
                callers.add(pool.submit(() -> {
                    for (int i = 0; i < share && Instant.now().isBefore(deadline); i++) {
                        if (owned.isEmpty() || random.nextInt(100) < READ_PERCENT) {
                            readAndCheck(cached, random, stale);
                            reads.increment();
                        } else {
                            write(cached, any(owned, random), random);
                            writes.increment();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> caller : callers) {
                caller.get(limit.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Done(reads.sum(), writes.sum(), List.copyOf(stale), Duration.between(start, Instant.now()));
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    private void readAndCheck(Repositories r, RandomGenerator random, Queue<String> stale) {
        Map<UUID, Long> before = new LinkedHashMap<>();
        tracked.forEach((id, entity) -> before.put(id, entity.completed.get()));
        String what;
        Object result;
        switch (random.nextInt(10)) {
            case 0, 1 -> {
                HeroId id = any(heroIds, random);
                what = "heroes.findById(" + id + ")";
                result = r.heroes().findById(id);
            }
            case 2 -> {
                what = "heroes.listAll()";
                result = r.heroes().listAll();
            }
            case 3 -> {
                Language language = any(LANGUAGES, random);
                what = "heroes.findByLanguage(" + language.code() + ")";
                result = r.heroes().findByLanguage(language);
            }
            case 4 -> {
                ChildId id = any(childIds, random);
                what = "children.findById(" + id + ")";
                result = r.children().findById(id);
            }
            case 5 -> {
                Language language = any(LANGUAGES, random);
                what = "children.findByLanguage(" + language.code() + ")";
                result = r.children().findByLanguage(language);
            }
            case 6 -> {
                StoryId id = any(storyIds, random);
                what = "stories.findById(" + id + ")";
                result = r.stories().findById(id);
            }
            case 7 -> {
                what = "stories.listAll()";
                result = r.stories().listAll();
            }
            case 8 -> {
                Language language = any(LANGUAGES, random);
                what = "stories.findByLanguage(" + language.code() + ")";
                result = r.stories().findByLanguage(language);
            }
            default -> {
                ChildId id = any(childIds, random);
                what = "stories.findByChild(" + id + ")";
                result = r.stories().findByChild(id);
            }
        }
        for (Shown shown : shownBy(result)) {
            long newestReturned = before.get(shown.entity());
            boolean carrierWrittenMeanwhile = tracked.get(shown.carrier()).started.get() > before.get(shown.carrier());
            if (!shown.carrier().equals(shown.entity()) && carrierWrittenMeanwhile) {
                continue;
            }
            if (shown.stamp() < newestReturned && stale.size() < MAX_REPORTED) {
                stale.add(what + " showed " + shown.entity() + " at stamp " + shown.stamp() + " after the write of"
                        + " stamp " + newestReturned + " had returned: " + result);
            }
        }
    }

    /** An entity's state as a read showed it, inside the row of {@code carrier} (itself, or a story naming it). */
    private record Shown(UUID entity, long stamp, UUID carrier) {
        Shown(UUID entity, long stamp) {
            this(entity, stamp, entity);
        }
    }

    /** Every entity state a read result shows, including the hero and child names inside story views. */
    private static List<Shown> shownBy(Object result) {
        List<Shown> shown = new ArrayList<>();
        if (result instanceof Optional<?> optional) {
            optional.ifPresent(value -> shown.addAll(shownBy(value)));
        } else if (result instanceof Collection<?> values) {
            values.forEach(value -> shown.addAll(shownBy(value)));
        } else if (result instanceof Hero hero) {
            shown.add(new Shown(hero.id().value(), stampOf(hero.updatedAt())));
        } else if (result instanceof Child child) {
            shown.add(new Shown(child.id().value(), stampOf(child.updatedAt())));
        } else if (result instanceof StoryView view) {
            Story story = view.story();
            shown.add(new Shown(story.id().value(), stampOf(story.updatedAt())));
            shown.add(new Shown(story.heroId().value(), stampOf(view.heroName()), story.id().value()));
            shown.add(new Shown(story.childId().value(), stampOf(view.childName()), story.id().value()));
        } else {
            throw new IllegalArgumentException("no entity in " + result);
        }
        return shown;
    }

    // ---- writes (by the entity's owner only) ------------------------------------------------------------------

    private void write(Repositories r, Tracked entity, RandomGenerator random) {
        long stamp = stamps.incrementAndGet();
        Instant at = STAMPED.plus(stamp, ChronoUnit.MICROS);
        String name = any(NAMES, random) + " " + stamp;
        Language language = any(LANGUAGES, random);
        entity.started.set(stamp);
        switch (entity.kind) {
            case STORY_HERO -> r.heroes().update(hero(entity, name, language, at)).orElseThrow();
            case FREE_HERO -> {
                Hero h = (Hero) entity.seeded;
                if (entity.exists) {
                    r.heroes().delete(h.id()).orElseThrow();
                } else {
                    r.heroes().save(hero(entity, name, language, at));
                }
                entity.exists = !entity.exists;
            }
            case CHILD -> {
                Child c = (Child) entity.seeded;
                r.children().update(new Child(c.id(), name, c.age(), c.gender(), c.interests(), language,
                        c.createdAt(), at)).orElseThrow();
            }
            case STORY -> {
                Story s = (Story) entity.seeded;
                if (entity.exists && random.nextBoolean()) {
                    r.stories().delete(s.id()).orElseThrow();
                    entity.exists = false;
                } else {
                    Story next = new Story(s.id(), s.title(), s.content(), s.childId(), s.heroId(), language,
                            Optional.of(new Rating(1 + random.nextInt(5))), s.createdAt(), at);
                    if (entity.exists) {
                        r.stories().update(next).orElseThrow();
                    } else {
                        r.stories().save(next);
                        entity.exists = true;
                    }
                }
            }
        }
        entity.completed.set(stamp);
    }

    private static Hero hero(Tracked entity, String name, Language language, Instant at) {
        Hero h = (Hero) entity.seeded;
        return new Hero(h.id(), name, h.age(), h.gender(), h.appearance(), h.personalityTraits(), h.interests(),
                h.strengths(), language, h.createdAt(), at);
    }

    // ---- stamps -----------------------------------------------------------------------------------------------

    private static long stampOf(Instant updatedAt) {
        return updatedAt.isBefore(STAMPED) ? UNSTAMPED : ChronoUnit.MICROS.between(STAMPED, updatedAt);
    }

    /** The stamp in a written name ("Ava 42"); seeded names carry none. */
    private static long stampOf(String name) {
        int space = name.lastIndexOf(' ');
        return space < 0 ? UNSTAMPED : Long.parseLong(name.substring(space + 1));
    }

    private void track(UUID id, Kind kind, Object seeded) {
        tracked.put(id, new Tracked(kind, seeded));
    }

    private static Instant seeded(int i) {
        return SEEDED.plus(i, ChronoUnit.MINUTES);
    }

    private static Language language(int i) {
        return LANGUAGES.get(i % LANGUAGES.size());
    }

    private static <T> T any(List<T> items, RandomGenerator random) {
        return items.get(random.nextInt(items.size()));
    }
}
