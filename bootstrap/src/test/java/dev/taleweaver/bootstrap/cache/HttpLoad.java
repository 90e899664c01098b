package dev.taleweaver.bootstrap.cache;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A steady loop of HTTP requests from a few client threads until closed: GETs of heroes by id, of all heroes and of
 * one language, and PUTs each followed by a GET that must return the PUT's data. Each thread PUTs only its own
 * hero, so what a GET must return is known. Every request is recorded with the phase that was current when it
 * started (the test moves phases along: warm, outage, recovered…) and whether its answer was right.
 */
final class HttpLoad implements AutoCloseable {
    /** However a test goes wrong, the loop ends. */
    private static final Duration HARD_LIMIT = Duration.ofSeconds(120);
    private static final List<String> LANGUAGES = List.of("en", "fr", "de");
    /** Enough to diagnose; a service that is down fails every request, and the list need not hold them all. */
    private static final int MAX_FAILURES = 50;

    record Request(String phase, String what, Duration took) {
    }

    private final ServiceClient client;
    private final List<String> heroIds;
    private final Queue<Request> done = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;
    private final Instant deadline = Instant.now().plus(HARD_LIMIT);
    private volatile String phase;
    private volatile boolean stopping;

    /**
     * @param heroIds every hero any thread may read (their number is what GET /heroes must return)
     * @param owned   one hero per client thread, written by that thread only
     */
    HttpLoad(ServiceClient client, List<String> heroIds, List<String> owned, String firstPhase) {
        this.client = client;
        this.heroIds = List.copyOf(heroIds);
        this.phase = firstPhase;
        this.threads = Executors.newFixedThreadPool(owned.size());
        for (String own : owned) {
            threads.submit(() -> loop(own));
        }
    }

    void phase(String next) {
        phase = next;
    }

    long count(String inPhase) {
        return done.stream().filter(r -> r.phase().equals(inPhase)).count();
    }

    List<Duration> latencies(String inPhase) {
        return done.stream().filter(r -> r.phase().equals(inPhase)).map(Request::took).sorted().toList();
    }

    static Duration median(List<Duration> sorted) {
        return sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() / 2);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the loop and waits for the threads' last requests. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        threads.shutdown();
        if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
            threads.shutdownNow();
            fail("client threads did not stop within 60 s");
        }
    }

    private void loop(String own) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int writes = 0;
        while (!stopping && Instant.now().isBefore(deadline)) {
            try {
                int pick = random.nextInt(10);
                if (pick < 5) {
                    String id = heroIds.get(random.nextInt(heroIds.size()));
                    call("GET hero", () -> client.get("/heroes/" + id), r -> id.equals(r.field("id")));
                } else if (pick == 5) {
                    call("GET heroes", () -> client.get("/heroes?limit=500"),
                            r -> r.body().path("items").size() == heroIds.size());
                } else if (pick == 6) {
                    String language = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
                    call("GET heroes by language", () -> client.get("/heroes?language=" + language),
                            r -> allInLanguage(r.body().path("items"), language));
                } else {
                    String name = "Hero " + own.substring(0, 8) + " #" + ++writes;
                    String language = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
                    boolean written = call("PUT hero", () -> client.put("/heroes/" + own,
                            ServiceClient.hero(name, language)), r -> name.equals(r.field("name")));
                    if (written) {
                        call("GET hero after PUT", () -> client.get("/heroes/" + own),
                                r -> name.equals(r.field("name")) && language.equals(r.field("language")));
                    }
                }
            } catch (RuntimeException e) {
                fail(e.toString());
            }
        }
    }

    /** Sends, records, and checks one request; returns whether it succeeded with the right answer. */
    private boolean call(String what, Supplier<ServiceClient.Response> call, Predicate<ServiceClient.Response> check) {
        String current = phase;
        ServiceClient.Response response = call.get();
        done.add(new Request(current, what, response.took()));
        boolean right = response.ok() && check.test(response);
        if (!right) {
            fail(what + " during " + current + ": HTTP " + response.status() + " " + response.body());
        }
        return right;
    }

    private void fail(String failure) {
        if (failures.size() < MAX_FAILURES) {
            failures.add(failure);
        }
    }

    private static boolean allInLanguage(JsonNode heroes, String language) {
        List<String> others = new ArrayList<>();
        heroes.forEach(hero -> {
            if (!language.equals(hero.get("language").asText())) {
                others.add(hero.get("id").asText());
            }
        });
        return heroes.isArray() && others.isEmpty();
    }
}
