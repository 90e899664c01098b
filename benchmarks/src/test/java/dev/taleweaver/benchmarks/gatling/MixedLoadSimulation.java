package dev.taleweaver.benchmarks.gatling;

import dev.taleweaver.benchmarks.data.Zipf;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Issue 5's HTTP load (a): an open model — {@code rate} new users per second (default 2,000) for {@code duration}
 * seconds (default 60), each sending one request — over a shared pool of {@code connections} keep-alive
 * connections (default 128). Requests follow {@link Endpoint}'s 95 % read / 5 % write mix over every endpoint, each
 * naming a Zipf-popular (s = {@code zipf}, default 1.0) hero, child, story or language.
 *
 * <p>The pool is filled before the load: {@code connections} users arrive at once and, as no connection is free
 * yet, each opens its own; Gatling hands idle connections out oldest first, so the load then rotates over all of
 * them. bin/gatling.sh counts the established connections during the run to show they stay open.
 *
 * <p>Assertions: no failed request, p99 under 5 ms (Gatling measures whole milliseconds).
 */
public class MixedLoadSimulation extends Simulation {

    private final Catalog catalog = Catalog.load(LoadSettings.baseUrl(), LoadSettings.zipfExponent());

    {
        Endpoint.requireWhole();
        double rate = LoadSettings.rate();
        Duration duration = LoadSettings.duration("duration", 60);
        int connections = LoadSettings.connections();
        System.out.printf("MixedLoadSimulation: %s at %.0f req/s for %d s over %d connections, %d%% writes, zipf"
                        + " s=%.2f; catalogue: %s%n", LoadSettings.baseUrl(), rate, duration.toSeconds(), connections,
                Endpoint.writeShare() / 100, LoadSettings.zipfExponent(), catalog.describe());

        HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.baseUrl())
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .shareConnections()
                .maxConnectionsPerHost(connections);

        ScenarioBuilder openConnections = scenario("open connections")
                .exec(http("GET /heroes/{id} (connection warm-up)")
                        .get(session -> "/heroes/" + catalog.hero().id())
                        .check(status().is(200))
                        .silent()); // not part of the measured load

        ScenarioBuilder mixed = scenario("mixed 95/5").doSwitch(session -> Endpoint.next()).on(choices());

        setUp(openConnections.injectOpen(atOnceUsers(connections))
                .andThen(mixed.injectOpen(constantUsersPerSec(rate).during(duration))))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(5));
    }

    @Override
    public void before() {
        LoadSettings.markLoadWindow("start");
    }

    @Override
    public void after() {
        LoadSettings.markLoadWindow("end");
    }

    private List<Choice.WithKey> choices() {
        List<Choice.WithKey> choices = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            choices.add(onCase(endpoint).then(request(endpoint)));
        }
        return choices;
    }

    private ChainBuilder request(Endpoint endpoint) {
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
        ChainBuilder chain = exec(request.check(status().is(200)));
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
