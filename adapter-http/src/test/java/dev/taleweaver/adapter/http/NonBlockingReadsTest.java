package dev.taleweaver.adapter.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 22: {@link DirectReads} answers a read the use case holds in memory on the selector thread that read the
 * request, and hands every read that may wait (the cache's round trip, the database) to a pool thread — so a read
 * that waits never holds up the selector, and the answers are the same either way.
 */
class NonBlockingReadsTest {
    private final HoldingHeroes heroes = new HoldingHeroes();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestApi api;
    private String heroId;

    @BeforeEach
    void start() {
        api = TestApi.builder().heroRepository(heroes).start();
        heroId = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
        api.create("/heroes", Bodies.hero("Luna", "fr"));
        heroes.calls.clear();
    }

    @AfterEach
    void stop() {
        heroes.pages.countDown();
        api.close();
    }

    @Test
    void heldReadsAreAnsweredOnTheSelectorThreadAndTheOthersOnPoolThreadsAlike() {
        heroes.holding = true;
        TestApi.Reply heldPage = api.get("/heroes?limit=1");
        TestApi.Reply heldItem = api.get("/heroes/" + heroId);
        assertThat(heroes.calls).containsExactly("heldPage on a selector", "heldValueOrJson on a selector");

        heroes.holding = false;
        heroes.calls.clear();
        TestApi.Reply page = api.get("/heroes?limit=1");
        TestApi.Reply item = api.get("/heroes/" + heroId);
        assertThat(heroes.calls).containsExactly("heldPage on a selector", "page on a pool thread",
                "heldValueOrJson on a selector", "findById on a pool thread");

        for (TestApi.Reply[] pair : List.of(new TestApi.Reply[] {heldPage, page},
                new TestApi.Reply[] {heldItem, item})) {
            assertThat(pair[0].status()).isEqualTo(200);
            assertThat(pair[0].body()).isEqualTo(pair[1].body());
            assertThat(pair[0].header("ETag")).isEqualTo(pair[1].header("ETag"));
            assertThat(pair[0].header("Link")).isEqualTo(pair[1].header("Link"));
        }
        assertThat(heldPage.header("Link")).startsWith("</heroes?limit=1&cursor=");
    }

    @Test
    void aReadThatWaitsHoldsUpNoHeldRead() throws Exception {
        heroes.holding = false;
        heroes.pagesWait = true;
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                HttpRequest.newBuilder(api.uri("/heroes?limit=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(heroes.pageStarted.await(10, TimeUnit.SECONDS)).isTrue();

        heroes.holding = true;
        for (int i = 0; i < 20; i++) { // on new connections too, whichever selector takes them
            HttpResponse<String> held = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(api.uri("/heroes/" + heroId)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(held.statusCode()).isEqualTo(200);
        }
        assertThat(waiting).isNotDone();

        heroes.pages.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void nothingIsAnsweredOnASelectorWhileEachAnswerIsLogged() {
        Logger access = (Logger) LoggerFactory.getLogger(RequestLog.ACCESS_LOGGER);
        Level before = access.getLevel();
        access.setLevel(Level.INFO);
        try {
            heroes.holding = true;
            assertThat(api.get("/heroes?limit=1").status()).isEqualTo(200);
            assertThat(api.get("/heroes/" + heroId).status()).isEqualTo(200);
        } finally {
            access.setLevel(before);
        }
        assertThat(heroes.calls).containsExactly("page on a pool thread", "findById on a pool thread");
    }

    @Test
    void aMalformedReadMetOnTheSelectorIsAnsweredByJavalinAsAProblem() {
        heroes.holding = true;
        TestApi.Reply page = api.get("/heroes?limit=0");
        TestApi.Reply item = api.get("/heroes/not-an-id");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Type")).startsWith("application/problem+json");
        assertThat(item.status()).isEqualTo(400);
        assertThat(heroes.calls).isEmpty();
    }

    /**
     * Heroes in memory whose held reads answer while {@link #holding}, recording each read and the kind of thread it
     * ran on; pages wait for {@link #pages} while {@link #pagesWait}.
     */
    private static final class HoldingHeroes extends InMemoryHeroRepository {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch pages = new CountDownLatch(1);
        final CountDownLatch pageStarted = new CountDownLatch(1);
        volatile boolean holding;
        volatile boolean pagesWait;

        @Override
        public Page<Hero> heldPage(Listing listing, PageRequest request) {
            record("heldPage");
            return holding ? super.page(listing, request) : null;
        }

        @Override
        public ValueOrJson<Hero> heldValueOrJson(HeroId id) {
            record("heldValueOrJson");
            return holding ? super.findById(id).map(ValueOrJson::value).orElse(null) : null;
        }

        @Override
        public Page<Hero> page(Listing listing, PageRequest request) {
            record("page");
            if (pagesWait) {
                pageStarted.countDown();
                try {
                    pages.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.page(listing, request);
        }

        @Override
        public java.util.Optional<Hero> findById(HeroId id) {
            record("findById");
            return super.findById(id);
        }

        /**
         * Records {@code read} as "on a selector" when it runs right under the connection's parsing of the request,
         * as Jetty runs a non-blocking handler, "on a pool thread" when it runs in a task {@link DirectReads} handed
         * to the pool.
         */
        private void record(String read) {
            boolean offloaded = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    frame -> frame.getClassName().equals(DirectReads.class.getName())
                            && frame.getMethodName().startsWith("lambda$offload")));
            boolean parsing = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    frame -> frame.getClassName().endsWith(".HttpConnection")
                            && frame.getMethodName().equals("onFillable")));
            calls.add(read + (offloaded ? " on a pool thread" : parsing ? " on a selector" : " elsewhere"));
        }
    }
}
