package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.application.fake.InMemoryChildRepository;
import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.application.fake.InMemoryStoryRepository;
import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.out.HealthProbe;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.service.ChildService;
import dev.taleweaver.application.service.HealthService;
import dev.taleweaver.application.service.HeroService;
import dev.taleweaver.application.service.StoryService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The real HTTP server over the real services and the in-memory repositories, on a free port, with a fixed clock;
 * plus a small HTTP client. One per test, so tests never see each other's data.
 */
final class TestApi implements AutoCloseable {
    static final Instant NOW = Instant.parse("2024-01-15T10:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryHeroRepository heroRepository = new InMemoryHeroRepository();
    final InMemoryChildRepository childRepository = new InMemoryChildRepository();
    final InMemoryStoryRepository storyRepository = new InMemoryStoryRepository(childRepository, heroRepository);
    final HttpServer server;
    final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** With {@link Builder#twin}: a second server over the same services, answering reads the other way. */
    final HttpServer twin;
    final int twinPort;

    private TestApi(Builder b) {
        HeroRepository heroes = b.heroes == null ? heroRepository : b.heroes;
        HttpConfig config = new HttpConfig(0, b.maxRequestBytes, b.maxConnections, b.maxInFlight, b.idleTimeout,
                b.headerTimeout, b.minRequestDataRate).answeringReadsDirectly(b.directReads);
        HeroService heroService = new HeroService(heroes, storyRepository, CLOCK);
        ChildService childService = new ChildService(childRepository, storyRepository, CLOCK);
        StoryService storyService = new StoryService(storyRepository, childRepository, heroes, CLOCK);
        HealthService health = new HealthService(b.probes);
        server = new HttpServer(config, heroService, childService, storyService, health, b.routes, b.observer);
        port = server.start();
        twin = b.twinObserver == null ? null : new HttpServer(config.answeringReadsDirectly(!b.directReads),
                heroService, childService, storyService, health, b.routes, b.twinObserver);
        twinPort = twin == null ? -1 : twin.start();
    }

    static TestApi start() {
        return builder().start();
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private HeroRepository heroes;
        private final List<HealthProbe> probes = new ArrayList<>();
        private final List<HttpRoutes> routes = new ArrayList<>();
        private long maxRequestBytes = HttpConfig.DEFAULT_MAX_REQUEST_BYTES;
        private int maxConnections = HttpConfig.DEFAULT_MAX_CONNECTIONS;
        private RequestObserver observer = RequestObserver.NOOP;
        private int maxInFlight = HttpConfig.DEFAULT_MAX_IN_FLIGHT;
        private Duration idleTimeout = HttpConfig.DEFAULT_IDLE_TIMEOUT;
        private Duration headerTimeout = HttpConfig.DEFAULT_HEADER_TIMEOUT;
        private long minRequestDataRate = HttpConfig.DEFAULT_MIN_REQUEST_DATA_RATE;
        private boolean directReads = true;
        private RequestObserver twinObserver;

        Builder heroRepository(HeroRepository repository) {
            this.heroes = repository;
            return this;
        }

        Builder probe(String component, ComponentHealth health) {
            probes.add(new HealthProbe() {
                @Override
                public String component() {
                    return component;
                }

                @Override
                public ComponentHealth probe() {
                    return health;
                }
            });
            return this;
        }

        Builder routes(HttpRoutes group) {
            routes.add(group);
            return this;
        }

        Builder observer(RequestObserver observer) {
            this.observer = observer;
            return this;
        }

        Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        Builder maxConnections(int connections) {
            this.maxConnections = connections;
            return this;
        }

        Builder maxInFlight(int requests) {
            this.maxInFlight = requests;
            return this;
        }

        Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        Builder headerTimeout(Duration timeout) {
            this.headerTimeout = timeout;
            return this;
        }

        Builder minRequestDataRate(long bytesPerSecond) {
            this.minRequestDataRate = bytesPerSecond;
            return this;
        }

        Builder directReads(boolean direct) {
            this.directReads = direct;
            return this;
        }

        /** Also starts {@link TestApi#twin}, reporting to {@code observer}. */
        Builder twin(RequestObserver observer) {
            this.twinObserver = observer;
            return this;
        }

        TestApi start() {
            return new TestApi(this);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    Reply put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    /** Any method, body and Content-Type (null: no header). */
    Reply send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return client;
    }

    /** Creates an entity through the API and returns its JSON. */
    JsonNode create(String path, String json) {
        Reply reply = post(path, json);
        if (reply.status() != 201) {
            throw new AssertionError("creating " + path + " failed: " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }

    @Override
    public void close() {
        server.close();
        if (twin != null) {
            twin.close();
        }
    }

    record Reply(int status, String body, HttpResponse<String> response) {
        Reply(HttpResponse<String> response) {
            this(response.statusCode(), response.body(), response);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        /** The {@code items} of a page of a list. */
        JsonNode items() {
            JsonNode items = json().get("items");
            if (items == null || !items.isArray()) {
                throw new AssertionError("not a page of a list: " + body);
            }
            return items;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
