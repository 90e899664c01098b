package dev.taleweaver.benchmarks.gatling;

import dev.taleweaver.benchmarks.data.Zipf;
import dev.taleweaver.benchmarks.tool.PagedList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the service holds, read once through its own API before the load starts: every hero, child and story id,
 * with the language a write must keep. Each entity kind gets a Zipf popularity over a fixed shuffle of its ids, so
 * the hot ones are spread over languages and ages rather than being the oldest rows.
 */
public final class Catalog {
    /** One entity a request can name. */
    public record Entry(String id, String language) {
    }

    private final List<Entry> heroes;
    private final List<Entry> children;
    private final List<Entry> stories;
    private final List<String> languages;
    private final Zipf heroPopularity;
    private final Zipf childPopularity;
    private final Zipf storyPopularity;
    private final Zipf languagePopularity;

    private Catalog(List<Entry> heroes, List<Entry> children, List<Entry> stories, double s) {
        if (heroes.isEmpty() || children.isEmpty() || stories.isEmpty()) {
            throw new IllegalStateException("the service holds " + heroes.size() + " heroes, " + children.size()
                    + " children and " + stories.size() + " stories; seed it first (bin/gatling.sh does)");
        }
        Random shuffle = new Random(42);
        this.heroes = shuffled(heroes, shuffle);
        this.children = shuffled(children, shuffle);
        this.stories = shuffled(stories, shuffle);
        this.languages = heroes.stream().map(Entry::language).distinct().sorted().toList();
        this.heroPopularity = new Zipf(heroes.size(), s);
        this.childPopularity = new Zipf(children.size(), s);
        this.storyPopularity = new Zipf(stories.size(), s);
        this.languagePopularity = new Zipf(languages.size(), s);
    }

    /** Lists every entity of the service at {@code baseUrl}. */
    public static Catalog load(String baseUrl, double zipfExponent) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new Catalog(list(client, baseUrl + "/heroes"), list(client, baseUrl + "/children"),
                list(client, baseUrl + "/stories"), zipfExponent);
    }

    public Entry hero() {
        return heroes.get(heroPopularity.next());
    }

    public Entry child() {
        return children.get(childPopularity.next());
    }

    public Entry story() {
        return stories.get(storyPopularity.next());
    }

    public String language() {
        return languages.get(languagePopularity.next());
    }

    /** The hottest hero: the one a cache-hit benchmark reads over and over. */
    public Entry hottestHero() {
        return heroes.get(0);
    }

    public String describe() {
        return heroes.size() + " heroes, " + children.size() + " children, " + stories.size() + " stories in "
                + languages.size() + " languages";
    }

    /** A valid hero body that keeps the hero's language, so lists by language keep their sizes. */
    public static String heroBody(Entry hero) {
        int n = ThreadLocalRandom.current().nextInt(1_000_000);
        return "{\"name\":\"Hero " + n + " the Rewritten\",\"age\":" + (6 + n % 600) + ",\"gender\":\"female\","
                + "\"appearance\":\"Wears a green cloak with a silver moon, rewritten by the load test\","
                + "\"personality_traits\":[\"brave\",\"kind\",\"curious\"],\"interests\":[\"exploring space\","
                + "\"reading maps\"],\"strengths\":[\"flying\",\"healing\"],\"language\":\"" + hero.language()
                + "\"}";
    }

    public static String childBody(Entry child) {
        int n = ThreadLocalRandom.current().nextInt(1_000_000);
        return "{\"name\":\"Child " + n + "\",\"age\":" + (3 + n % 10) + ",\"gender\":\"male\","
                + "\"interests\":[\"baking bread\",\"sailing boats\"],\"language\":\"" + child.language() + "\"}";
    }

    public static String ratingBody() {
        return "{\"rating\":" + (1 + ThreadLocalRandom.current().nextInt(5)) + "}";
    }

    /** Every member of a list, page by page. */
    private static List<Entry> list(HttpClient client, String url) {
        try {
            return PagedList.items(client, url).stream()
                    .map(node -> new Entry(node.path("id").asText(), node.path("language").asText()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + url + ": is the service running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing " + url, e);
        }
    }

    private static List<Entry> shuffled(List<Entry> entries, Random random) {
        List<Entry> copy = new ArrayList<>(entries);
        Collections.shuffle(copy, random);
        return List.copyOf(copy);
    }
}
