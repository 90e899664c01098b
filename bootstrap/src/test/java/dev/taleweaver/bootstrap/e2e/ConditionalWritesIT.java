package dev.taleweaver.bootstrap.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * If-Match against the real PostgreSQL and Redis, under contention: writers that all read the same ETag and then
 * write at once, each sending that tag. The check runs on the row locked for the write, so exactly one of them wins
 * per tag and every other gets 412 (no lost update between check and write); the stored state is the winner's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionalWritesIT {
    private static final int WRITERS = 8;
    private static final int ROUNDS = 5;

    private LiveService service;
    private HttpApi api;
    private ExecutorService pool;

    @BeforeAll
    void start() {
        service = LiveService.start(true);
        api = service.api();
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void concurrentReplacesWithTheSameTagHaveExactlyOneWinner() throws Exception {
        String path = "/heroes/" + api.post("/heroes", Requests.hero("Contended", "en")).json().get("id").asText();
        for (int round = 0; round < ROUNDS; round++) {
            String tag = api.get(path).header("ETag");
            int r = round;

            List<ApiResponse> answers = race(writer -> api.sendWithHeaders("PUT", path,
                    Requests.hero("Round " + r + " writer " + writer, "en"), Map.of("If-Match", tag)));

            List<ApiResponse> won = answers.stream().filter(a -> a.status() == 200).toList();
            assertThat(won).as("round %d: %s", round, answers).hasSize(1);
            assertThat(answers).filteredOn(a -> a.status() != 200).allSatisfy(a -> assertThat(a.status()).isEqualTo(412));
            ApiResponse now = api.get(path);
            assertThat(now.json().get("name").asText()).isEqualTo(won.get(0).json().get("name").asText());
            assertThat(now.header("ETag")).isEqualTo(won.get(0).header("ETag"));
        }
    }

    @Test
    void concurrentRatingsWithTheSameTagHaveExactlyOneWinner() throws Exception {
        String child = api.post("/children", Requests.child("Mia", "en")).json().get("id").asText();
        String hero = api.post("/heroes", Requests.hero("Rated", "en")).json().get("id").asText();
        String path = "/stories/" + api.post("/stories", Requests.story("Moon", child, hero, "en")).json()
                .get("id").asText();
        String tag = api.get(path).header("ETag");

        List<ApiResponse> answers = race(writer -> api.sendWithHeaders("PUT", path + "/rating",
                "{\"rating\": " + (writer % 5 + 1) + "}", Map.of("If-Match", tag)));

        assertThat(answers.stream().filter(a -> a.status() == 200).count()).as("%s", answers).isEqualTo(1);
        assertThat(answers.stream().filter(a -> a.status() == 412).count()).isEqualTo(WRITERS - 1);
    }

    /** Runs {@link #WRITERS} requests released together; their answers in writer order. */
    private List<ApiResponse> race(IntFunction<ApiResponse> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiResponse>> futures = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int w = writer;
            futures.add(pool.submit(() -> {
                go.await();
                return request.apply(w);
            }));
        }
        go.countDown();
        List<ApiResponse> answers = new ArrayList<>();
        for (Future<ApiResponse> future : futures) {
            answers.add(future.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }
}
