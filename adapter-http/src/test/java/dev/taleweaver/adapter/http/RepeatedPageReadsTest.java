package dev.taleweaver.adapter.http;

import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RepeatedPageReads}: a page asked again with the same query, while the use case answers the very same page
 * (as the L1 hands out again what it holds), is answered with the bytes, tag and link made the first time; the use
 * case is asked every time, so a change is answered at once.
 */
class RepeatedPageReadsTest {
    private final RepeatingPages heroes = new RepeatingPages();
    private TestApi api;

    @BeforeEach
    void start() {
        api = TestApi.builder().heroRepository(heroes).start();
        for (String name : List.of("Ada", "Bo", "Cy")) {
            api.create("/heroes", Bodies.hero(name, "en"));
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theSamePageAgainIsAnsweredAsBeforeAndTheUseCaseIsAskedEachTime() {
        TestApi.Reply first = api.get("/heroes?limit=2");
        int asked = heroes.pageCalls.get();
        TestApi.Reply again = api.get("/heroes?limit=2");

        assertThat(heroes.pageCalls.get()).isEqualTo(asked + 1);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(again.header("Link")).isEqualTo(first.header("Link")).startsWith("</heroes?limit=2&cursor=");
        assertThat(api.get("/heroes?limit=2&cursor=" + first.json().get("next_cursor").asText()).items())
                .hasSize(1);
    }

    @Test
    void aRenameIsAnsweredOnTheNextPageRead() {
        TestApi.Reply before = api.get("/heroes?limit=2");
        api.get("/heroes?limit=2");
        String ada = before.items().get(0).get("id").asText();

        assertThat(api.put("/heroes/" + ada, Bodies.hero("Adele", "en")).status()).isEqualTo(200);

        TestApi.Reply after = api.get("/heroes?limit=2");
        assertThat(after.items().get(0).get("name").asText()).isEqualTo("Adele");
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(api.get("/heroes?limit=2").body()).isEqualTo(after.body());
    }

    @Test
    void aMemberAddedAfterTheLastPageGivesItANextLink() {
        TestApi.Reply whole = api.get("/heroes?limit=3");
        assertThat(whole.header("Link")).isNull();
        assertThat(whole.json().get("next_cursor").isNull()).isTrue();

        api.create("/heroes", Bodies.hero("Dee", "en"));

        TestApi.Reply now = api.get("/heroes?limit=3");
        assertThat(now.items()).hasSize(3);
        assertThat(now.header("Link")).startsWith("</heroes?limit=3&cursor=");
        assertThat(now.json().get("next_cursor").isNull()).isFalse();
    }

    @Test
    void aKeptPageAnswersOnlyTheVerySameItemsAndNextPosition() {
        List<String> items = List.of("a", "b");
        Optional<Position> next = Optional.of(new Position(Instant.EPOCH, new UUID(0, 1)));
        RepeatedPageReads.Kept kept = new RepeatedPageReads.Kept(null, items, next, null);

        assertThat(kept.answers(new Page<>(items, next))).isTrue();
        assertThat(kept.answers(new Page<>(List.of("a", "b"), next))).as("equal items, another list").isFalse();
        assertThat(kept.answers(new Page<>(items, Optional.empty()))).as("the same items, now the end").isFalse();
        assertThat(kept.answers(new Page<>(items, Optional.of(new Position(Instant.EPOCH, new UUID(0, 2))))))
                .isFalse();
    }

    @Test
    void onlyQueriesUpToTheBoundAreKept() {
        RepeatedPageReads reads = new RepeatedPageReads();
        Page<String> page = new Page<>(List.of("a"), Optional.empty());
        EntityRoutes.PageRead read = new EntityRoutes.PageRead(RenderedJson.Rendered.of(new byte[] {'{', '}'}), null);
        String longest = "x".repeat(RepeatedPageReads.MAX_QUERY_CHARS);

        reads.keep(longest, null, page, read);
        reads.keep(longest + "x", null, page, read);
        reads.keep(null, null, page, read);

        assertThat(reads.get(longest)).isNotNull();
        assertThat(reads.get(longest + "x")).isNull();
        assertThat(reads.get(null)).isNotNull();
        assertThat(reads.get("")).as("no query and an empty one are the same query").isNotNull();
    }

    @Test
    void manySmallPagesAreBoundedByTheirEntriesNotOnlyTheirJson() {
        RepeatedPageReads reads = new RepeatedPageReads();
        Page<String> empty = new Page<>(List.of(), Optional.empty());
        EntityRoutes.PageRead read = new EntityRoutes.PageRead(RenderedJson.Rendered.of(
                "{\"items\":[],\"next_cursor\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);

        for (int i = 0; i < 20_000; i++) {
            reads.keep("language=xx&limit=" + i, null, empty, read);
        }

        assertThat(reads.size()).isLessThanOrEqualTo(RepeatedPageReads.MAX_BYTES / RepeatedPageReads.ENTRY_BYTES);
    }

    @Test
    void aRefusedQueryIsRefusedEachTime() {
        for (int i = 0; i < 2; i++) {
            assertThat(api.get("/heroes?limit=0").status()).isEqualTo(400);
        }
    }

    /**
     * Heroes in memory whose pages are answered with the very instance answered before while they are equal, as the
     * L1 hands out the same page again while its members stand.
     */
    private static final class RepeatingPages extends InMemoryHeroRepository {
        private final Map<List<Object>, Page<Hero>> answered = new ConcurrentHashMap<>();
        final AtomicInteger pageCalls = new AtomicInteger();

        @Override
        public Page<Hero> page(Listing listing, PageRequest request) {
            pageCalls.incrementAndGet();
            Page<Hero> fresh = super.page(listing, request);
            Page<Hero> before = answered.get(List.of(listing, request));
            if (fresh.equals(before)) {
                return before;
            }
            answered.put(List.of(listing, request), fresh);
            return fresh;
        }
    }
}
