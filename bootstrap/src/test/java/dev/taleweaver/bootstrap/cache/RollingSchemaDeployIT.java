package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.MissReason;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Story;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: a rolling deploy of a cache format change, two instances side by side on one Redis (one key prefix) and
 * one PostgreSQL schema. Each instance is the production stack of cached repositories (CacheStack) over its own
 * RedissonCacheStore, differing only in its codecs: the previous release ({@link JacksonCacheCodecs#previousRelease},
 * schema 1 only) or this build writing schema 1 or 2 ({@code CACHE_SCHEMA_WRITE_VERSION}). No L1, so every hit is a
 * hit of a Redis entry one of the two instances wrote.
 *
 * <p>Every fleet runs the same seeded sequence of {@value #REQUESTS} requests from an empty cache, each sent to one
 * of the two instances at random: {@value #WRITE_PERCENT} % writes (a hero, child or story renamed), the rest reads
 * of every cached shape. Requests are sequential, so every read must equal the database's answer read right after
 * it: any difference is a stale read. Figures: hit rate = hits / (hits + misses) over both instances; database
 * loads per 1,000 requests = the loads the cache layer made (a miss's or a write-through's).
 */
class RollingSchemaDeployIT {
    private static final Logger log = LoggerFactory.getLogger(RollingSchemaDeployIT.class);
    private static final int REQUESTS = 3_000;
    private static final int WRITE_PERCENT = 10;
    private static final int HEROES = 60;
    private static final int CHILDREN = 30;
    private static final int STORIES = 90;
    private static final List<Language> LANGUAGES = List.of(Language.of("en"), Language.of("fr"), Language.of("de"));
    /** The issue's bound: a mixed fleet's hit rate within 5 points of a single-version fleet's. */
    private static final double MAX_HIT_RATE_GAP = 0.05;
    private static final long SEED = Long.getLong("taleweaver.it.seed", 17);

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final TestRedis redis = TestRedis.create();
    private final Database db = Database.postgres(POSTGRES.jdbi());
    private final CacheAudit audit = new CacheAudit(redis.client(), redis.keyPrefix(), db);
    private final CacheCodecs previousRelease = JacksonCacheCodecs.previousRelease();
    private final CacheCodecs writingOne = new JacksonCacheCodecs(1);
    private final CacheCodecs writingTwo = new JacksonCacheCodecs(2);
    private Rows rows;

    @BeforeEach
    void seed() {
        rows = Rows.seed(db);
    }

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    /** The deploy itself: this build (writing 1) joins a fleet of the previous release. */
    @Test
    void duringTheRollingDeployBothReleasesHitEachOthersEntries() {
        Figures single = run("previous release + previous release", previousRelease, previousRelease);
        Figures mixed = run("previous release + this build (write version 1)", previousRelease, writingOne);
        Figures ungated = run("previous release + this build writing 2 (no write-version gate)", previousRelease,
                writingTwo);
        log.info("Rolling deploy figures (seed {}):{}{}{}", SEED, single, mixed, ungated);

        for (Figures fleet : List.of(single, mixed, ungated)) {
            fleet.assertCorrect();
        }
        assertThat(mixed.outdated()).as("entries one release could not read").isZero();
        assertThat(mixed.upcasts()).as("hits of this build on entries of the previous release").isPositive();
        assertThat(Math.abs(single.hitRate() - mixed.hitRate())).as("hit rate gap, %s vs %s", single, mixed)
                .isLessThanOrEqualTo(MAX_HIT_RATE_GAP);
        // the same check catches the thrash the write-version gate prevents; since collections are id lists (ADR 11)
        // only the story entries themselves differ between the versions, so the loss is smaller than it was with
        // whole story lists (2.7 points measured, 6+ before): it must still be clearly worse than the gated fleet
        assertThat(ungated.outdated()).isPositive();
        assertThat(single.hitRate() - ungated.hitRate()).as("hit rate lost without the gate, %s", ungated)
                .isGreaterThan(0.01)
                .isGreaterThan(Math.abs(single.hitRate() - mixed.hitRate()));
    }

    /** The switch: CACHE_SCHEMA_WRITE_VERSION=2 rolled out over instances of this build, some not yet switched. */
    @Test
    void whileTheWriteVersionSwitchRollsOutTheFleetKeepsHitting() {
        Figures single = run("this build writing 2 + writing 2", writingTwo, writingTwo);
        Figures switching = run("this build writing 1 + writing 2 (switch rolling out)", writingOne, writingTwo);
        log.info("Write-version switch figures (seed {}):{}{}", SEED, single, switching);

        single.assertCorrect();
        switching.assertCorrect();
        assertThat(single.upcasts()).isZero();
        assertThat(switching.outdated()).isZero();
        assertThat(Math.abs(single.hitRate() - switching.hitRate())).as("hit rate gap, %s vs %s", single, switching)
                .isLessThanOrEqualTo(MAX_HIT_RATE_GAP);
    }

    /**
     * After the switch, entries written in schema 1 are upcast on read, not reloaded: reading every key once costs
     * no database load. A rollback to the previous release after the switch is the contrast: it reloads every key.
     */
    @Test
    void afterTheSwitchOldEntriesAreUpcastNotReloaded() {
        redis.store().deletePattern("*");
        Counts filled = new Counts();
        int keys = readEveryKey(CacheStack.over(db, redis.store(), writingOne, filled));
        assertThat(filled.loads).as("loads filling %d keys in schema 1", keys).isEqualTo(keys);

        Counts switched = new Counts();
        assertThat(readEveryKey(CacheStack.over(db, redis.store(), writingTwo, switched))).isEqualTo(keys);
        assertThat(switched.loads).as("database loads after the switch").isZero();
        assertThat(switched.hits).isEqualTo(keys);
        assertThat(switched.upcasts).as("hits of kind upcast").isEqualTo(keys);
        assertThat(switched.errors).isZero();

        // once schema 2 entries are written, a rollback to the previous release reloads them, once
        redis.store().deletePattern("*");
        readEveryKey(CacheStack.over(db, redis.store(), writingTwo, new Counts()));
        Counts rolledBack = new Counts();
        readEveryKey(CacheStack.over(db, redis.store(), previousRelease, rolledBack));
        assertThat(rolledBack.outdated).isEqualTo(keys);
        assertThat(rolledBack.loads).isEqualTo(keys);
        Counts again = new Counts();
        readEveryKey(CacheStack.over(db, redis.store(), previousRelease, again));
        assertThat(again.loads).isZero();
        assertThat(audit.staleEntries()).isEmpty();
        log.info("Write-version switch: {} keys written in schema 1, read after the switch with {} database loads"
                + " ({} upcast hits); a rollback to the previous release after the switch: {} loads", keys,
                switched.loads, switched.upcasts, rolledBack.loads);
    }

    /** One fleet of two instances, from an empty cache, over the seeded request sequence. */
    private Figures run(String fleet, CacheCodecs a, CacheCodecs b) {
        redis.store().deletePattern("*");
        Counts counts = new Counts();
        List<CacheStack> instances = List.of(CacheStack.over(db, redis.store(), a, counts),
                CacheStack.over(db, redis.store(), b, counts));
        Random random = new Random(SEED);
        List<String> stale = new ArrayList<>();
        try (QuietCacheLogs quiet = new QuietCacheLogs()) {
            for (int i = 0; i < REQUESTS; i++) {
                CacheStack instance = instances.get(random.nextInt(2));
                if (random.nextInt(100) < WRITE_PERCENT) {
                    write(instance, random, i);
                } else {
                    Read read = Read.pick(random);
                    read.check(instance, db, rows, random.nextInt(Integer.MAX_VALUE), stale);
                }
            }
        }
        stale.addAll(audit.staleEntries());
        return new Figures(fleet, REQUESTS, counts, stale);
    }

    private void write(CacheStack instance, Random random, int request) {
        int which = random.nextInt(3);
        int index = random.nextInt(Integer.MAX_VALUE);
        switch (which) {
            case 0 -> {
                Hero hero = db.heroes().findById(rows.heroes.get(index % HEROES).id()).orElseThrow();
                instance.heroes().update(Fixtures.renamed(hero, "Hero " + request));
            }
            case 1 -> {
                Child child = db.children().findById(rows.children.get(index % CHILDREN).id()).orElseThrow();
                instance.children().update(Fixtures.renamed(child, "Child " + request));
            }
            default -> {
                Story s = db.stories().findById(rows.stories.get(index % STORIES).id()).orElseThrow().story();
                instance.stories().update(new Story(s.id(), "Title " + request, s.content(), s.childId(),
                        s.heroId(), s.language(), s.rating(), s.createdAt(), s.updatedAt().plusSeconds(1)));
            }
        }
    }

    /** Reads every key the workload can cache once, each checked against the database; returns how many. */
    private int readEveryKey(CacheStack instance) {
        List<String> stale = new ArrayList<>();
        int keys = 0;
        for (Read read : Read.values()) {
            for (int i = 0; i < read.keyCount.applyAsInt(rows); i++) {
                read.check(instance, db, rows, i, stale);
                keys++;
            }
        }
        assertThat(stale).isEmpty();
        return keys;
    }

    /** The reads of the workload, with their share of it (percent of reads) and their number of keys. */
    private enum Read {
        HERO_BY_ID(30, r -> HEROES, (repos, rows, i) -> repos.heroes().findById(rows.heroes.get(i % HEROES).id())),
        CHILD_BY_ID(15, r -> CHILDREN,
                (repos, rows, i) -> repos.children().findById(rows.children.get(i % CHILDREN).id())),
        STORY_BY_ID(25, r -> STORIES,
                (repos, rows, i) -> repos.stories().findById(rows.stories.get(i % STORIES).id())),
        STORIES_OF_A_CHILD(10, r -> CHILDREN,
                (repos, rows, i) -> repos.stories().findByChild(rows.children.get(i % CHILDREN).id())),
        HEROES_BY_LANGUAGE(5, r -> LANGUAGES.size(),
                (repos, rows, i) -> repos.heroes().findByLanguage(LANGUAGES.get(i % LANGUAGES.size()))),
        STORIES_BY_LANGUAGE(5, r -> LANGUAGES.size(),
                (repos, rows, i) -> repos.stories().findByLanguage(LANGUAGES.get(i % LANGUAGES.size()))),
        CHILDREN_BY_LANGUAGE(3, r -> LANGUAGES.size(),
                (repos, rows, i) -> repos.children().findByLanguage(LANGUAGES.get(i % LANGUAGES.size()))),
        ALL_HEROES(3, r -> 1, (repos, rows, i) -> repos.heroes().listAll()),
        ALL_STORIES(2, r -> 1, (repos, rows, i) -> repos.stories().listAll()),
        ALL_CHILDREN(2, r -> 1, (repos, rows, i) -> repos.children().listAll());

        private final int percent;
        final ToIntFunction<Rows> keyCount;
        private final Reader reader;

        Read(int percent, ToIntFunction<Rows> keyCount, Reader reader) {
            this.percent = percent;
            this.keyCount = keyCount;
            this.reader = reader;
        }

        static Read pick(Random random) {
            int dice = random.nextInt(100);
            for (Read read : values()) {
                dice -= read.percent;
                if (dice < 0) {
                    return read;
                }
            }
            throw new AssertionError("the shares add up to 100");
        }

        /** Reads through the instance, then the database: a difference is a stale read (requests are sequential). */
        void check(CacheStack instance, Database db, Rows rows, int index, List<String> stale) {
            Object cached = reader.read(instance, rows, index);
            Object truth = reader.read(db, rows, index);
            if (!Objects.equals(cached, truth)) {
                stale.add(this + " #" + index + ": cached " + cached + ", database " + truth);
            }
        }

        @FunctionalInterface
        private interface Reader {
            Object read(Repositories repositories, Rows rows, int index);
        }
    }

    /** Heroes, children and their stories put straight into the database, in three languages. */
    private record Rows(List<Hero> heroes, List<Child> children, List<Story> stories) {
        static Rows seed(Database db) {
            List<Hero> heroes = new ArrayList<>();
            for (int i = 0; i < HEROES; i++) {
                heroes.add(db.heroes().save(Fixtures.hero("Hero " + i, LANGUAGES.get(i % LANGUAGES.size()))));
            }
            List<Child> children = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                children.add(db.children().save(Fixtures.child("Child " + i, LANGUAGES.get(i % LANGUAGES.size()))));
            }
            List<Story> stories = new ArrayList<>();
            for (int i = 0; i < STORIES; i++) {
                Story story = Fixtures.story("Story " + i, children.get(i % CHILDREN), heroes.get(i % HEROES));
                db.stories().save(story);
                stories.add(story);
            }
            return new Rows(List.copyOf(heroes), List.copyOf(children), List.copyOf(stories));
        }
    }

    /** What the cache layer of one or more instances reported (requests are sequential: plain fields). */
    private static final class Counts implements CacheListener {
        long hits;
        long upcasts;
        long misses;
        long outdated;
        long loads;
        long errors;

        @Override
        public void onHit(String entityType, CacheOperation operation, long nanos) {
            hits++;
        }

        @Override
        public void onUpcastHit(String entityType, CacheOperation operation) {
            upcasts++;
        }

        @Override
        public void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
            misses++;
            if (reason == MissReason.OUTDATED) {
                outdated++;
            }
        }

        @Override
        public void onLoad(String entityType, long nanos) {
            loads++;
        }

        @Override
        public void onError(String entityType, CacheErrorKind kind) {
            errors++;
        }
    }

    private record Figures(String fleet, int requests, Counts counts, List<String> stale) {
        long outdated() {
            return counts.outdated;
        }

        long upcasts() {
            return counts.upcasts;
        }

        double hitRate() {
            return (double) counts.hits / (counts.hits + counts.misses);
        }

        double loadsPerThousand() {
            return counts.loads * 1000.0 / requests;
        }

        void assertCorrect() {
            assertThat(counts.errors).as("cache errors of %s", fleet).isZero();
            assertThat(stale).as("stale reads or entries of %s", fleet).isEmpty();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%n  %-66s hit rate %5.1f %%, %6.1f DB loads / 1,000 requests,"
                            + " %5d upcast hits, %5d outdated misses, %d errors, %d stale", fleet, hitRate() * 100,
                    loadsPerThousand(), counts.upcasts, counts.outdated, counts.errors, stale.size());
        }
    }
}
