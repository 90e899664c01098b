package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.ChildCacheStrategy;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.StoryCacheStrategy;
import dev.taleweaver.application.cache.testing.RegistryCacheCodecs;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheStrategyTest {
    private final RegistryCacheCodecs codecs = new RegistryCacheCodecs();
    private final HeroCacheStrategy heroes = new HeroCacheStrategy(codecs);
    private final ChildCacheStrategy children = new ChildCacheStrategy(codecs);
    private final StoryCacheStrategy stories = new StoryCacheStrategy(codecs);

    @Test
    void keysFollowTheSpecPatterns() {
        Hero hero = Fixtures.captainWonder();
        Child child = Fixtures.mia();
        Story story = Fixtures.story("The Moon", child, hero);

        assertThat(heroes.idKey(hero.id())).isEqualTo("hero:" + hero.id().value());
        assertThat(heroes.languageKey(Language.of("en"))).isEqualTo("hero:lang:en");
        assertThat(heroes.allKey()).isEqualTo("hero:all");
        assertThat(children.idKey(child.id())).isEqualTo("child:" + child.id().value());
        assertThat(children.languageKey(Language.of("fr"))).isEqualTo("child:lang:fr");
        assertThat(children.allKey()).isEqualTo("child:all");
        assertThat(stories.idKey(story.id())).isEqualTo("story:" + story.id().value());
        assertThat(stories.languageKey(Language.of("de"))).isEqualTo("story:lang:de");
        assertThat(stories.allKey()).isEqualTo("story:all");
        assertThat(stories.childKey(child.id())).isEqualTo("story:child:" + child.id().value());
    }

    @Test
    void buildKeyIsTheGeneralFormOfTheKeyBuilders() {
        Hero hero = Fixtures.captainWonder();
        assertThat(heroes.buildKey(CacheOperation.FIND_BY_ID, hero.id())).isEqualTo(heroes.idKey(hero.id()));
        assertThat(heroes.buildKey(CacheOperation.LIST_ALL)).isEqualTo("hero:all");
        assertThat(heroes.buildKey(CacheOperation.FIND_BY_LANGUAGE, "en")).isEqualTo("hero:lang:en");
        assertThatThrownBy(() -> heroes.buildKey(CacheOperation.FIND_BY_ID))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 parameter");
        assertThatThrownBy(() -> heroes.buildKey(CacheOperation.LIST_ALL, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultTtlsAreTheSpecs() {
        assertThat(heroes.defaultTtl()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(children.defaultTtl()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(stories.defaultTtl()).isEqualTo(Duration.ofSeconds(600));
        assertThat(List.of(heroes, children, stories)).allSatisfy(s -> {
            assertThat(s.cacheOnRead()).isTrue();
            assertThat(s.cacheOnWrite()).isTrue();
        });
        assertThat(List.of(heroes.entityType(), children.entityType(), stories.entityType()))
                .containsExactly("hero", "child", "story");
    }

    @Test
    void ttlCanBeConfigured() {
        assertThat(new HeroCacheStrategy(codecs, Duration.ofSeconds(60)).defaultTtl()).hasSeconds(60);
        assertThat(new ChildCacheStrategy(codecs, Duration.ofSeconds(61)).defaultTtl()).hasSeconds(61);
        assertThat(new StoryCacheStrategy(codecs, Duration.ofSeconds(62)).defaultTtl()).hasSeconds(62);
        assertThatThrownBy(() -> new HeroCacheStrategy(codecs, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void serializationGoesThroughTheEntityAndListCodecs() {
        Hero hero = Fixtures.captainWonder();
        Instant at = Instant.parse("2024-01-20T14:22:10Z");
        String one = heroes.serialize(hero, at, Duration.ofSeconds(3600));
        String many = heroes.serializeList(List.of(hero), at, Duration.ofSeconds(3600));

        assertThat(heroes.deserialize(one)).isEqualTo(hero);
        assertThat(heroes.deserializeList(many)).containsExactly(hero);
        assertThat(codecs.written(one)).hasValueSatisfying(w -> {
            assertThat(w.cachedAt()).isEqualTo(at);
            assertThat(w.ttl()).hasSeconds(3600);
        });
    }

    @Test
    void anUpdateInvalidatesItsOwnKeyAndOnlyTheCollectionsItLeavesOrJoins() {
        Hero before = Fixtures.hero("Luna", Language.of("en"));
        Hero after = Fixtures.relanguaged(before, Language.of("fr"));

        // hero:all keeps the same members in the same order: ids and creation times never change (ADR 11)
        assertThat(heroes.invalidationKeys(Optional.of(before), Optional.of(after))).containsExactlyInAnyOrder(
                "hero:" + before.id(), "hero:lang:en", "hero:lang:fr");
        assertThat(heroes.invalidationKeys(Optional.of(before), Optional.of(Fixtures.renamed(before, "Stella"))))
                .as("a rename changes no membership").containsExactly("hero:" + before.id());
        assertThat(heroes.invalidationKeys(Optional.empty(), Optional.of(after))).containsExactlyInAnyOrder(
                "hero:" + before.id(), "hero:all", "hero:lang:fr");
    }

    @Test
    void aStoryAlsoLivesInItsChildsList() {
        Hero hero = Fixtures.captainWonder();
        Child mia = Fixtures.mia();
        Child noah = Fixtures.child("Noah", Language.of("en"));
        Story story = Fixtures.story("The Moon", mia, hero);
        Story moved = new Story(story.id(), story.title(), story.content(), noah.id(), hero.id(), story.language(),
                story.rating(), story.createdAt(), story.updatedAt());

        assertThat(stories.invalidationKeys(Optional.of(view(story, mia, hero)), Optional.of(view(moved, noah, hero))))
                .containsExactlyInAnyOrder("story:" + story.id(), childKey(mia.id()), childKey(noah.id()),
                        childKey(mia.id()) + ":lang:en", childKey(noah.id()) + ":lang:en");
        assertThat(stories.invalidationKeys(Optional.empty(), Optional.of(view(story, mia, hero))))
                .containsExactlyInAnyOrder("story:" + story.id(), "story:all", "story:lang:en", childKey(mia.id()),
                        childKey(mia.id()) + ":lang:en", "story:hero:" + hero.id());
    }

    private static String childKey(ChildId id) {
        return "story:child:" + id;
    }

    private static StoryView view(Story story, Child child, Hero hero) {
        return new StoryView(story, child.name(), hero.name());
    }

    @Test
    void theStrategiesEntityTypesAreTheStoresKeyFamilies() {
        assertThat(List.of(HeroCacheStrategy.ENTITY_TYPE, ChildCacheStrategy.ENTITY_TYPE, StoryCacheStrategy.ENTITY_TYPE))
                .isEqualTo(CacheStore.KEY_FAMILIES);
    }
}
