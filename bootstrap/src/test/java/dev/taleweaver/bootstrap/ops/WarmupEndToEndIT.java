package dev.taleweaver.bootstrap.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.application.cache.operations.CacheWarmer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CACHE_WARMUP=true on the real service: data seeded through one instance, the cache emptied, then an instance
 * started with warm-up fills the collection keys and the most recently updated entities in the background, so the
 * first reads of them are hits; with a small bound it fills no more entity keys than allowed.
 */
class WarmupEndToEndIT {
    private static final String TOKEN = OpsService.newAdminToken();
    private static final Duration WARMUP_BOUND = Duration.ofSeconds(20);
    /** How long a test waits for a warm-up to end: its own time bound plus a margin. */
    private static final Duration AWAIT = WARMUP_BOUND.plusSeconds(10);
    private static final Pattern ENTITY_KEY =
            Pattern.compile("(hero|child|story):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static Backing backing;
    /** Every seeded entity as {@code type:id}, newest update first. */
    private static List<String> newestFirst;
    private static String frenchHero;
    private static String germanChild;
    private static String englishStory;

    private CapturedLogs logs;

    @BeforeAll
    static void seed() {
        backing = Backing.create();
        List<Entity> seeded = new ArrayList<>();
        try (OpsService seeder = backing.service().start()) {
            OpsHttp http = seeder.http();
            List<String> heroes = new ArrayList<>();
            for (String[] hero : new String[][] {{"Aurora", "en"}, {"Bram", "en"}, {"Cyra", "en"},
                    {"Dauphine", "fr"}, {"Étienne", "fr"}}) {
                heroes.add(record(seeded, "hero", http.createHero(hero[0], hero[1])));
            }
            List<String> children = new ArrayList<>();
            for (String[] child : new String[][] {{"Mia", "en"}, {"Noah", "en"}, {"Lena", "de"}}) {
                children.add(record(seeded, "child", http.createChild(child[0], child[1])));
            }
            englishStory = record(seeded, "story",
                    http.createStory("The Lantern", children.get(0), heroes.get(0), "en"));
            record(seeded, "story", http.createStory("The Tide", children.get(1), heroes.get(1), "en"));
            record(seeded, "story", http.createStory("La Forêt", children.get(0), heroes.get(3), "fr"));
            // the oldest hero becomes the most recently updated entity
            JsonNode renamed = http.renameHero(heroes.get(0), "Aurora the Bold", "en");
            seeded.removeIf(e -> e.key().equals("hero:" + heroes.get(0)));
            seeded.add(new Entity("hero:" + heroes.get(0), Instant.parse(renamed.get("updated_at").asText())));
            frenchHero = heroes.get(3);
            germanChild = children.get(2);
        }
        newestFirst = seeded.stream().sorted(Comparator.comparing(Entity::updatedAt).reversed())
                .map(Entity::key).toList();
    }

    @AfterAll
    static void drop() {
        if (backing != null) {
            backing.close();
        }
    }

    /** Each test starts from a cache nobody has filled: no value keys, no version keys. */
    @BeforeEach
    void emptyTheCache() {
        backing.emptyCache();
        assertThat(backing.keys()).isEmpty();
        logs = CapturedLogs.start(Level.INFO);
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void warmUpFillsTheCollectionsAndTheEntitiesSoTheFirstReadsHit() throws Exception {
        try (OpsService service = backing.service().adminToken(TOKEN).warmup(100, WARMUP_BOUND).start()) {
            OpsHttp http = service.http();
            // The warm-up runs on its own thread and start() does not wait for it. This request is made right after
            // start() returned, so it shows the service answers without waiting for the warm-up; with this little
            // data the warm-up may well have finished already, so it does not prove the two overlapped.
            assertThat(http.get("/heroes/" + frenchHero).statusCode()).isEqualTo(200);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);

            CacheWarmer.Result result = awaitWarmUp(service);

            assertThat(result.outcome()).isEqualTo(CacheWarmer.Outcome.COMPLETED);
            assertThat(result.lists()).as("all + one list per language, for each type").isEqualTo(9);
            assertThat(result.entities()).isEqualTo(newestFirst.size());
            Set<String> cached = backing.valueKeys();
            assertThat(cached).contains("hero:all", "hero:lang:en", "hero:lang:fr",
                    "child:all", "child:lang:en", "child:lang:de",
                    "story:all", "story:lang:en", "story:lang:fr");
            assertThat(entityKeys(cached)).containsExactlyInAnyOrderElementsOf(newestFirst);

            JsonNode before = http.stats(TOKEN);
            List<String> firstReads = List.of("/heroes/" + frenchHero, "/heroes", "/heroes?language=fr",
                    "/children/" + germanChild, "/children?language=de", "/stories/" + englishStory,
                    "/stories?language=en", "/stories");
            firstReads.forEach(http::ok);
            JsonNode after = http.stats(TOKEN);

            assertThat(moved(before, after, "hits")).as("every first read was served by the cache")
                    .isEqualTo(firstReads.size());
            assertThat(moved(before, after, "misses")).as("and none went to the database").isZero();
            assertThat(progressLines()).as("progress, logged").contains(
                    "Cache warm-up started: lists of hero, child, story, then up to 100 most recently updated"
                            + " entities, within 20 s",
                    "Cache warm-up: hero: all and 2 language list(s) read, 5 entities listed",
                    "Cache warm-up: child: all and 2 language list(s) read, 3 entities listed",
                    "Cache warm-up: story: all and 2 language list(s) read, 3 entities listed");
            assertThat(progressLines()).anyMatch(line -> line.startsWith("Cache warm-up finished: 9 list(s) and 11"
                    + " entities in "));
        }
    }

    @Test
    void aBoundedWarmUpFillsAtMostItsBoundOfEntitiesNewestFirst() throws Exception {
        try (OpsService service = backing.service().warmup(2, WARMUP_BOUND).start()) {
            CacheWarmer.Result result = awaitWarmUp(service);

            assertThat(result.outcome()).isEqualTo(CacheWarmer.Outcome.ENTRY_BOUND_REACHED);
            assertThat(result.entities()).isEqualTo(2);
            Set<String> cached = backing.valueKeys();
            assertThat(entityKeys(cached)).as("the two most recently updated of %s", newestFirst)
                    .containsExactlyInAnyOrderElementsOf(newestFirst.subList(0, 2));
            assertThat(cached).as("the lists do not count against the bound")
                    .contains("hero:all", "child:all", "story:all", "hero:lang:fr", "child:lang:de");
            assertThat(progressLines()).anyMatch(line -> line.startsWith(
                    "Cache warm-up stopped at its bound of 2 entities: 9 list(s) and 2 entities in "));
        }
    }

    private static CacheWarmer.Result awaitWarmUp(OpsService service) throws Exception {
        CompletableFuture<CacheWarmer.Result> warmUp = service.warmUp();
        return warmUp.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<String> progressLines() {
        return logs.from(CacheWarmer.class).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Set<String> entityKeys(Set<String> valueKeys) {
        return valueKeys.stream().filter(k -> ENTITY_KEY.matcher(k).matches())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static long moved(JsonNode before, JsonNode after, String figure) {
        long total = 0;
        for (String type : List.of("hero", "child", "story")) {
            total += after.get("entities").get(type).get("since_start").get(figure).asLong()
                    - before.get("entities").get(type).get("since_start").get(figure).asLong();
        }
        return total;
    }

    private record Entity(String key, Instant updatedAt) {
    }

    /** Remembers a created entity; its id. */
    private static String record(List<Entity> seeded, String type, JsonNode entity) {
        String id = entity.get("id").asText();
        seeded.add(new Entity(type + ":" + id, Instant.parse(entity.get("updated_at").asText())));
        return id;
    }
}
