package dev.taleweaver.benchmarks.gatling;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Issue 11's HTTP load: a closed workload on a fixed timetable — {@code connections} users (default 128), each with
 * its own keep-alive connection, each sending one request per slot of {@code connections / rate} (default
 * 2,000 req/s: one request per 64 ms each; {@link PacedSchedule}) — so the service never holds more than
 * {@code connections} connections or requests in flight. Requests follow {@link Endpoint}'s 95 % read / 5 % write
 * mix over every endpoint, each naming a Zipf-popular (s = {@code zipf}, default 1.0) hero, child, story or language.
 *
 * <p>The users' slots interleave evenly, and they run {@code warmup} seconds (default 30) at the full rate before
 * the measured window of {@code duration} seconds (default 60): warm-up requests are {@code silent()}, so Gatling's
 * report, its assertions and the hit rate (see {@link LoadWindow}) cover the measured window only.
 *
 * <p>A closed model cannot offer more than the service answers: a user still waiting for an answer when its next
 * slot opens misses that slot. {@link PacedSchedule} prints the offered and the achieved rate and the slots missed;
 * a run meets the 2,000 req/s only if the achieved rate does.
 *
 * <p>Assertions (issue 11): no failed request, p99 under 10 ms (Gatling measures whole milliseconds).
 */
public class MixedLoadSimulation extends Simulation {
    private final Catalog catalog = Catalog.load(LoadSettings.baseUrl(), LoadSettings.zipfExponent());
    private final int connections = LoadSettings.connections();
    private final LoadWindow window = new LoadWindow(LoadSettings.duration("warmup", 30),
            LoadSettings.duration("duration", 60));
    private final PacedSchedule schedule = new PacedSchedule(connections,
            PacedSchedule.slotFor(connections, LoadSettings.rate()), window);

    {
        Endpoint.requireWhole();
        System.out.printf("MixedLoadSimulation: %s, %d users (one connection each), one request per %.2f ms each ="
                        + " %.0f req/s offered, %d s warm-up then %d s measured, %d%% writes, zipf s=%.2f;"
                        + " catalogue: %s%n", LoadSettings.baseUrl(), connections, schedule.slot().toNanos() / 1e6,
                schedule.offeredPerSecond(), window.warmup().toSeconds(), window.measured().toSeconds(),
                Endpoint.writeShare() / 100, LoadSettings.zipfExponent(), catalog.describe());

        AtomicInteger joined = new AtomicInteger();
        ScenarioBuilder mixed = scenario("mixed 95/5")
                .exec(session -> schedule.join(session, joined.getAndIncrement()))
                .asLongAs(session -> schedule.phase(session) != PacedSchedule.Phase.OVER).on(
                        pause(schedule::untilSlot)
                                .doSwitch(session -> Endpoint.next()).on(choices())
                                .exec(session -> schedule.advance(schedule.answered(session))));

        setUp(mixed.injectOpen(atOnceUsers(connections)))
                .protocols(LoadSettings.protocol(connections).contentTypeHeader("application/json"))
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(10));
    }

    @Override
    public void after() {
        System.out.println();
        System.out.println("BEGIN PACED LOAD SUMMARY");
        System.out.println(schedule.summary());
        System.out.println("END PACED LOAD SUMMARY");
        System.out.println(schedule.sweepPoint());
    }

    /** One case per endpoint, each sending its request silently (in no statistic, no assertion) during the warm-up. */
    private List<Choice.WithKey> choices() {
        List<Choice.WithKey> choices = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            choices.add(onCase(endpoint).then(
                    doIfOrElse(session -> schedule.phase(session) == PacedSchedule.Phase.WARMUP)
                            .then(request(endpoint, true))
                            .orElse(request(endpoint, false))));
        }
        return choices;
    }

    private ChainBuilder request(Endpoint endpoint, boolean warmup) {
        HttpRequestActionBuilder request = switch (endpoint) {
            case HERO_BY_ID -> http("GET /heroes/{id}").get(s -> "/heroes/" + catalog.hero().id());
            case HEROES_BY_LANGUAGE -> http("GET /heroes?language=").get(s -> "/heroes?language="
                    + catalog.language());
            case HEROES_ALL -> http("GET /heroes").get("/heroes");
            case CHILD_BY_ID -> http("GET /children/{id}").get(s -> "/children/" + catalog.child().id());
            case STORY_BY_ID -> http("GET /stories/{id}").get(s -> "/stories/" + catalog.story().id());
            case STORIES_OF_CHILD -> http("GET /stories?child_id=").get(s -> "/stories?child_id="
                    + catalog.child().id());
            // a write's path and body must name the same entity: both are picked together, below
            case PUT_HERO -> http("PUT /heroes/{id}").put("#{heroPath}").body(StringBody("#{heroBody}"));
            case PUT_CHILD -> http("PUT /children/{id}").put("#{childPath}").body(StringBody("#{childBody}"));
            case PUT_STORY_RATING -> http("PUT /stories/{id}/rating")
                    .put(s -> "/stories/" + catalog.story().id() + "/rating")
                    .body(StringBody(s -> Catalog.ratingBody()));
        };
        request = request.check(status().is(200));
        ChainBuilder chain = exec(warmup ? request.silent() : request);
        return switch (endpoint) {
            case PUT_HERO -> exec(session -> {
                Catalog.Entry hero = catalog.hero();
                return session.set("heroPath", "/heroes/" + hero.id()).set("heroBody", Catalog.heroBody(hero));
            }).exec(chain);
            case PUT_CHILD -> exec(session -> {
                Catalog.Entry child = catalog.child();
                return session.set("childPath", "/children/" + child.id()).set("childBody",
                        Catalog.childBody(child));
            }).exec(chain);
            default -> chain;
        };
    }
}
