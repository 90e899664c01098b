package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.testing.RegistryCacheCodecs;
import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 13 in the cache-aside decorator: with {@code jsonHits} (the L1 off) a hit by id is answered as the entry's
 * entity JSON the codec hands out, with the same single store read, the same metrics, and every entry the codec
 * does not take decoded and healed exactly as {@code findById} does.
 */
class JsonHitsTest {
    private static final Duration TTL = Duration.ofHours(1);

    private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withJsonHits());

    private Hero cachedHero() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.heroes.findById(hero.id());
        world.resetCounters();
        return hero;
    }

    private String entry(Hero hero) {
        return world.store.peek("hero:" + hero.id()).orElseThrow();
    }

    @Test
    void aHitIsAnsweredAsTheEntitysJsonInOneStoreReadAndCountedAsAHit() {
        Hero hero = cachedHero();
        String entry = entry(hero);

        ValueOrJson<Hero> found = world.heroes.findValueOrJsonById(hero.id()).orElseThrow();

        assertThat(found.isJson()).isTrue();
        assertThat(found.json()).isEqualTo(RegistryCacheCodecs.entityJsonOf(entry));
        assertThat(world.store.calls()).isEqualTo(1);
        assertThat(world.heroDb.calls("findById")).isZero();
        assertThat(world.events.events()).containsExactly("hit hero find_by_id");
    }

    @Test
    void aMissLoadsTheValueAndFillsTheKeyAsFindByIdDoes() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);

        assertThat(world.heroes.findValueOrJsonById(hero.id())).contains(ValueOrJson.value(hero));
        assertThat(world.cached("hero:" + hero.id())).contains(hero);
        assertThat(world.heroes.findValueOrJsonById(hero.id())).hasValueSatisfying(found ->
                assertThat(found.isJson()).isTrue());
        assertThat(world.events.events()).containsExactly(
                "load hero", "miss hero find_by_id ABSENT", "hit hero find_by_id");
        assertThat(world.heroes.findValueOrJsonById(Fixtures.hero("Nobody", Fixtures.EN).id())).isEmpty();
    }

    @Test
    void anEntryTheCodecDoesNotHandOutIsDecodedAndStillAHit() {
        Hero hero = cachedHero();
        world.codecs.serveEntityJson(false);

        assertThat(world.heroes.findValueOrJsonById(hero.id())).contains(ValueOrJson.value(hero));
        assertThat(world.store.calls()).isEqualTo(1);
        assertThat(world.events.events()).containsExactly("hit hero find_by_id");
    }

    @Test
    void aCorruptEntryIsDeletedCountedAndAnsweredFromTheDatabase() {
        Hero hero = cachedHero();
        world.store.set("hero:" + hero.id(), RegistryCacheCodecs.corruptEntry(), TTL);

        assertThat(world.heroes.findValueOrJsonById(hero.id())).contains(ValueOrJson.value(hero));

        assertThat(world.events.events()).contains("error hero DESERIALIZATION", "invalidation hero CORRUPT_ENTRY 1",
                "miss hero find_by_id CORRUPT");
        assertThat(world.cached("hero:" + hero.id())).as("healed by the versioned fill").contains(hero);
    }

    @Test
    void anotherHerosEntryUnderTheKeyIsNeverServedAndIsHealed() {
        Hero hero = cachedHero();
        Hero other = world.heroInDb("Someone Else", Fixtures.EN);
        world.heroes.findById(other.id());
        world.store.set("hero:" + hero.id(), entry(other), TTL);
        world.resetCounters();

        assertThat(world.heroes.findValueOrJsonById(hero.id())).contains(ValueOrJson.value(hero));

        assertThat(world.events.events()).contains("error hero DESERIALIZATION", "invalidation hero CORRUPT_ENTRY 1",
                "miss hero find_by_id CORRUPT");
        assertThat(world.cached("hero:" + hero.id())).contains(hero);
    }

    @Test
    void anOutdatedEntryIsAMissReplacedByTheLoad() {
        Hero hero = cachedHero();
        world.store.set("hero:" + hero.id(), world.codecs.outdatedEntry("hero", hero), TTL);

        assertThat(world.heroes.findValueOrJsonById(hero.id())).contains(ValueOrJson.value(hero));

        assertThat(world.events.events()).contains("miss hero find_by_id OUTDATED");
        assertThat(world.cached("hero:" + hero.id())).contains(hero);
    }

    @Test
    void aFailingStoreNeverFailsTheRead() {
        CachedWorld guarded = new CachedWorld(CachedWorld.Setup.defaults().withBreaker().withJsonHits());
        Hero hero = guarded.heroInDb("Captain Wonder", Fixtures.EN);
        guarded.store.failWith(CacheStoreException.Kind.CONNECTION);

        for (int i = 0; i < 5; i++) {
            assertThat(guarded.heroes.findValueOrJsonById(hero.id())).contains(ValueOrJson.value(hero));
        }
        assertThat(guarded.events.events()).contains("miss hero find_by_id STORE_ERROR",
                "miss hero find_by_id CIRCUIT_OPEN");
    }

    @Test
    void childrenServeTheirJsonTooAndWithoutJsonHitsEveryAnswerIsAValue() {
        Child child = world.childInDb("Mia", Fixtures.EN);
        world.children.findById(child.id());
        assertThat(world.children.findValueOrJsonById(child.id())).hasValueSatisfying(found ->
                assertThat(found.isJson()).isTrue());

        CachedWorld plain = new CachedWorld();
        Hero hero = plain.heroInDb("Captain Wonder", Fixtures.EN);
        plain.heroes.findById(hero.id());
        assertThat(plain.heroes.findValueOrJsonById(hero.id())).contains(ValueOrJson.value(hero));
    }
}
