package dev.taleweaver.application.cache.analytics;

import dev.taleweaver.application.cache.testing.MutableClock;
import dev.taleweaver.application.port.in.CacheAnalyticsReport;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A scripted workload on a fake clock, and the analytics reporting exactly its pattern; the bounds. */
class CacheAnalyticsTest {
    private static final Map<String, Duration> TTLS = Map.of("hero", Duration.ofMinutes(10), "child",
            Duration.ofSeconds(30), "story", Duration.ofMinutes(5));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CacheAnalytics analytics = new CacheAnalytics(clock, TTLS, 1);
    private final Map<String, Instant> expiresAt = new HashMap<>();

    /** A cache-aside read as CachedRepository reports it: a hit, or a miss and a fill with the type's TTL. */
    private void read(String type, String key) {
        Instant until = expiresAt.get(key);
        if (until != null && clock.instant().isBefore(until)) {
            analytics.onKeyHit(type, key);
            return;
        }
        analytics.onKeyMiss(type, key, MissReason.ABSENT);
        fill(type, key);
    }

    private void fill(String type, String key) {
        expiresAt.put(key, clock.instant().plus(TTLS.get(type)));
        analytics.onKeyFill(type, key, TTLS.get(type));
    }

    private void invalidate(String type, String key) {
        expiresAt.remove(key);
        analytics.onKeysInvalidated(type, Set.of(key), InvalidationReason.UPDATE);
    }

    @Test
    void reportsTheScriptedPattern() {
        // child: language lists warmed, never read, so every one expires unread
        for (int i = 0; i < 10; i++) {
            fill("child", "child:lang:l" + i);
        }
        for (int second = 0; second < 120; second++) {
            // three hot heroes, read 5 times a second; 1 of 3 from the L1
            for (int h = 1; h <= 3; h++) {
                for (int r = 0; r < 5; r++) {
                    read("hero", "hero:h" + h);
                    if (r % 3 == 0 && expiresAt.containsKey("hero:h" + h)) {
                        analytics.onL1Hit("hero:h" + h);
                    }
                }
            }
            // a cold hero read once each second
            read("hero", "hero:cold" + second);
            // stories: read twice a second and invalidated every 10 seconds
            read("story", "story:s1");
            read("story", "story:s1");
            if (second % 10 == 9) {
                invalidate("story", "story:s1");
            }
            clock.advance(Duration.ofSeconds(1));
        }

        CacheAnalyticsReport report = analytics.analytics();

        assertThat(report.enabled()).isTrue();
        assertThat(report.hotKeys().subList(0, 3)).extracting(CacheAnalyticsReport.HotKey::key)
                .containsExactlyInAnyOrder("hero:h1", "hero:h2", "hero:h3");
        assertThat(report.hotKeys().get(0).estimatedReads()).isEqualTo(600);
        assertThat(report.hotKeys().get(3).key()).isEqualTo("story:s1");
        assertThat(report.hotKeys().get(3).estimatedReads()).isEqualTo(240);

        CacheAnalyticsReport.Entity story = entity(report, "story");
        assertThat(story.lifetimeSeconds().count()).isEqualTo(12);
        assertThat(story.lifetimeSeconds().p50()).isCloseTo(9.0, within(0.01)); // filled at second 0, ended at 9
        assertThat(story.expired()).isZero();

        CacheAnalyticsReport.Entity child = entity(report, "child");
        assertThat(child.expired()).isEqualTo(10);
        assertThat(child.expiredUnread()).isEqualTo(10);
        assertThat(child.expiredUnreadShare()).isEqualTo(1.0);

        CacheAnalyticsReport.Entity hero = entity(report, "hero");
        assertThat(hero.expiredUnreadShare()).isZero(); // nothing has reached 10 minutes yet
        assertThat(hero.readAgeSeconds().max()).isLessThanOrEqualTo(119.0);

        CacheAnalyticsReport.Family heroIds = family(report, "hero", "id");
        assertThat(heroIds.reads()).isEqualTo(120 * 16);
        assertThat(heroIds.misses()).isEqualTo(3 + 120);
        assertThat(heroIds.hits()).isEqualTo(120 * 15 - 3);
        assertThat(heroIds.l1Hits()).isEqualTo(120 * 3 * 2);
        assertThat(heroIds.redisHits()).isEqualTo(heroIds.hits() - heroIds.l1Hits());
        assertThat(heroIds.fills()).isEqualTo(123);
        assertThat(heroIds.readsPerMinute()).isEqualTo(960.0);
        assertThat(family(report, "story", "id").invalidations()).isEqualTo(12);
        assertThat(family(report, "child", "lang").fills()).isEqualTo(10);
    }

    @Test
    void aMissAfterAnExpiryIsAgedFromItsFill() {
        read("child", "child:c1");
        clock.advance(Duration.ofSeconds(45)); // expired at 30 s
        read("child", "child:c1");

        CacheAnalyticsReport.Family ids = family(analytics.analytics(), "child", "id");
        assertThat(ids.expired()).isEqualTo(1);
        assertThat(ids.expiredUnread()).isEqualTo(1);
        assertThat(ids.misses()).isEqualTo(2);
    }

    @Test
    void adviceShortensATtlNobodyReadsLateIn() {
        // heroes (TTL 10 minutes) are read within 20 seconds of their fill and never after: 1,200 reads
        for (int k = 0; k < 100; k++) {
            String key = "hero:k" + k;
            for (int r = 0; r < 12; r++) {
                read("hero", key);
                clock.advance(Duration.ofSeconds(2));
            }
        }
        CacheAnalyticsReport.TtlAdvice advice = entity(analytics.analytics(), "hero").ttlAdvice();
        assertThat(advice.verdict()).isEqualTo("SHORTEN");
        assertThat(advice.advisedTtlSeconds()).isEqualTo(30);
        assertThat(advice.advisedHitRate()).isGreaterThanOrEqualTo(advice.bestHitRate() - 0.01);
        assertThat(advice.relativeMemory()).isLessThan(1.0);
        assertThat(advice.curve()).extracting(CacheAnalyticsReport.CurvePoint::ttlSeconds).contains(600L, 30L);
        assertThat(advice.reasoning()).contains("30 s keeps");
    }

    @Test
    void adviceKeepsATtlWhenShorteningWouldCostHits() {
        // 100 heroes (TTL 10 minutes), each read every 30 s from its fill until 9.5 minutes: hits at every age up to
        // the TTL, none after it
        for (int k = 0; k < 100; k++) {
            for (int r = 0; r < 20; r++) {
                read("hero", "hero:k" + k);
                clock.advance(Duration.ofSeconds(30));
            }
        }
        CacheAnalyticsReport.TtlAdvice advice = entity(analytics.analytics(), "hero").ttlAdvice();
        assertThat(advice.verdict()).isEqualTo("KEEP");
        assertThat(advice.advisedTtlSeconds()).isEqualTo(600);
        assertThat(advice.reasoning()).contains("keep 600 s");
    }

    @Test
    void adviceNeedsEnoughReads() {
        read("hero", "hero:x");
        CacheAnalyticsReport.TtlAdvice advice = entity(analytics.analytics(), "hero").ttlAdvice();
        assertThat(advice.verdict()).isEqualTo("NOT_ENOUGH_DATA");
        assertThat(advice.advisedTtlSeconds()).isEqualTo(600);
    }

    @Test
    void aMillionDistinctKeysStayWithinTheBounds() {
        for (int i = 0; i < 1_000_000; i++) {
            String key = "story:" + i;
            analytics.onKeyMiss("story", key, MissReason.ABSENT);
            analytics.onKeyFill("story", key, Duration.ofMinutes(5));
            analytics.onKeyHit("story", key);
            if (i % 2 == 0) {
                analytics.onKeysInvalidated("story", List.of(key), InvalidationReason.UPDATE);
            }
            if (i % 1_000 == 0) {
                clock.advance(Duration.ofSeconds(1)); // 1,000 s in all: the first entries expire
            }
        }
        assertThat(analytics.trackedKeys()).isLessThanOrEqualTo(CacheAnalytics.TRACKED_KEYS);
        assertThat(analytics.rememberedExpiries()).isLessThanOrEqualTo(CacheAnalytics.EXPIRED_KEYS);
        assertThat(analytics.hotKeyCandidates()).isLessThanOrEqualTo(CacheAnalytics.HOT_KEY_MAP_SIZE * 3 / 4);
        assertThat(analytics.retainedSketchValues("story")).isLessThan(3 * 10 * CacheAnalytics.KLL_K);
        CacheAnalyticsReport report = analytics.analytics();
        assertThat(report.hotKeys()).hasSizeLessThanOrEqualTo(CacheAnalytics.HOT_KEYS);
        assertThat(family(report, "story", "id").reads()).isEqualTo(2_000_000);
        assertThat(entity(report, "story").lifetimeSeconds().count()).isEqualTo(500_000);
    }

    @Test
    void unknownTypesAndKeysAreIgnored() {
        analytics.onKeyHit("dragon", "dragon:1");
        analytics.onL1Hit("dragon:1");
        analytics.onKeysInvalidated("hero", List.of("nothing"), InvalidationReason.UPDATE);
        assertThat(analytics.analytics().families()).isEmpty();
    }

    private static CacheAnalyticsReport.Entity entity(CacheAnalyticsReport report, String type) {
        return report.entities().stream().filter(e -> e.entityType().equals(type)).findFirst().orElseThrow();
    }

    private static CacheAnalyticsReport.Family family(CacheAnalyticsReport report, String type, String family) {
        return report.families().stream().filter(f -> f.entityType().equals(type) && f.family().equals(family))
                .findFirst().orElseThrow();
    }
}
