package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics hook sees each request once, by route pattern, so a million hero ids make one time series. */
class RequestObserverTest {

    record Seen(String method, String route, int status, long nanos) {
    }

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final RequestObserver observer = (method, route, status, nanos) ->
            seen.add(new Seen(method, route, status, nanos));

    @Test
    void reportsTheRoutePatternNotTheRawPath() throws InterruptedException {
        try (TestApi api = TestApi.builder().observer(observer).start()) {
            String id = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
            assertThat(next().route()).isEqualTo("/heroes");

            api.get("/heroes/" + id);
            Seen found = next();
            assertThat(found).extracting(Seen::method, Seen::route, Seen::status)
                    .containsExactly("GET", "/heroes/{id}", 200);
            assertThat(found.nanos()).isPositive();

            api.get("/heroes/" + UUID.randomUUID());
            assertThat(next()).extracting(Seen::route, Seen::status).containsExactly("/heroes/{id}", 404);
        }
    }

    @Test
    void unmatchedRequestsAreGroupedUnderConstants() throws InterruptedException {
        try (TestApi api = TestApi.builder().observer(observer).start()) {
            api.get("/wp-admin/" + UUID.randomUUID());
            assertThat(next()).extracting(Seen::method, Seen::route, Seen::status)
                    .containsExactly("GET", RequestObserver.NOT_FOUND, 404);

            api.send("PATCH", "/heroes", "{}", "application/json");
            assertThat(next()).extracting(Seen::method, Seen::route, Seen::status)
                    .containsExactly("PATCH", RequestObserver.METHOD_NOT_ALLOWED, 405);
        }
    }

    @Test
    void anAdminRequestWithoutTheTokenIsCountedAsUnauthorizedNotAsAnUnknownPath() throws InterruptedException {
        FakeCache cache = new FakeCache();
        try (TestApi api = TestApi.builder().observer(observer)
                .routes(new AdminRoutes(Optional.of("s3cret-admin-token-0123456789"), cache, cache)).start()) {
            assertThat(api.get("/admin/cache/stats").status()).isEqualTo(401);
            assertThat(next()).extracting(Seen::method, Seen::route, Seen::status)
                    .containsExactly("GET", RequestObserver.UNAUTHORIZED, 401);
        }
    }

    /** A 413 is written straight to the response (OversizedBody) rather than as a result: still observed, once. */
    @Test
    void anOverLimitBodyIsObservedAs413() throws InterruptedException {
        try (TestApi api = TestApi.builder().maxRequestBytes(1024).observer(observer).start()) {
            assertThat(api.send("POST", "/heroes", "{\"name\":\"" + "x".repeat(2048) + "\"}", "application/json")
                    .status()).isEqualTo(413);
            assertThat(next()).extracting(Seen::method, Seen::route, Seen::status)
                    .containsExactly("POST", "/heroes", 413);
            assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aFailingObserverDoesNotHurtTheResponse() {
        RequestObserver broken = (method, route, status, nanos) -> {
            throw new IllegalStateException("metrics registry closed");
        };
        try (TestApi api = TestApi.builder().observer(broken).start()) {
            assertThat(api.get("/heroes").status()).isEqualTo(200);
            assertThat(api.get("/heroes").status()).isEqualTo(200);
        }
    }

    @Test
    void eachRequestIsObservedOnce() throws InterruptedException {
        try (TestApi api = TestApi.builder().observer(observer).start()) {
            for (int i = 0; i < 3; i++) {
                api.get("/heroes");
            }
            for (int i = 0; i < 3; i++) {
                assertThat(next().route()).isEqualTo("/heroes");
            }
            assertThat(api.get("/children").status()).isEqualTo(200);
            // the next observation is the /children request: nothing was reported twice
            assertThat(next().route()).isEqualTo("/children");
        }
    }

    /** The observer runs after the response is written, so the client may be a moment ahead of it. */
    private Seen next() throws InterruptedException {
        Seen next = seen.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("an observed request").isNotNull();
        return next;
    }
}
