package dev.taleweaver.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's cache hit rate over a load test: {@code save} records the cumulative hits and misses per entity before
 * the run, {@code since} prints what happened after. The counts come from {@code GET /admin/cache/stats} (with the
 * {@code ADMIN_TOKEN} of the environment) or else the Prometheus counters at {@code GET /metrics}.
 */
public final class CacheHitRate {
    private static final Pattern COUNTER = Pattern.compile(
            "^taleweaver_cache_(hits|misses)_total\\{([^}]*)}\\s+([0-9.eE+-]+)");
    private static final Pattern ENTITY_LABEL = Pattern.compile("entity=\"([^\"]*)\"");

    private final String baseUrl;

    private CacheHitRate(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Hits and misses of one entity type. */
    record Counts(long hits, long misses) {
        Counts minus(Counts earlier) {
            return new Counts(hits - earlier.hits, misses - earlier.misses);
        }

        double hitRate() {
            long reads = hits + misses;
            return reads == 0 ? Double.NaN : (double) hits / reads;
        }
    }

    /** {@code hit-rate save|since [--targets] <base-url> <file>} */
    public static void main(String[] args) throws Exception {
        boolean targets = args.length == 4 && args[1].equals("--targets");
        if (targets) {
            args = new String[] {args[0], args[2], args[3]};
        }
        if (args.length != 3 || !(args[0].equals("save") || args[0].equals("since"))) {
            System.err.println("usage: hit-rate save|since [--targets] <base-url> <file>");
            System.exit(2);
        }
        CacheHitRate rates = new CacheHitRate(args[1]);
        Optional<Map<String, Counts>> now = rates.fetch();
        if (now.isEmpty()) {
            System.out.println("Cache hit rate: not available (neither /admin/cache/stats nor /metrics answered"
                    + " with cache counters)");
            return;
        }
        Path file = Path.of(args[2]);
        if (args[0].equals("save")) {
            save(now.get(), file);
        } else {
            print(now.get(), Files.exists(file) ? load(file) : Map.of(), targets);
        }
    }

    /**
     * Records the counters as {@code save} does, from inside a load test: a simulation calls it when its measured
     * window opens, so that {@code since} afterwards covers that window and not the warm-up before it.
     *
     * @return whether the counters could be read and written
     */
    public static boolean saveNow(String baseUrl, Path file) {
        Optional<Map<String, Counts>> now = new CacheHitRate(baseUrl).fetch();
        if (now.isEmpty()) {
            return false;
        }
        try {
            save(now.get(), file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<Map<String, Counts>> fetch() {
        Optional<Map<String, Counts>> fromStats = fetchStats();
        return fromStats.isPresent() ? fromStats : fetchMetrics();
    }

    private Optional<Map<String, Counts>> fetchStats() {
        String token = System.getenv("ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return get("/admin/cache/stats", token).flatMap(body -> {
            try {
                JsonNode entities = new ObjectMapper().readTree(body).path("entities");
                Map<String, Counts> counts = new TreeMap<>();
                entities.properties().forEach(e -> {
                    JsonNode window = e.getValue().has("since_start")
                            ? e.getValue().path("since_start") : e.getValue().path("sinceStart");
                    counts.put(e.getKey(), new Counts(window.path("hits").asLong(), window.path("misses").asLong()));
                });
                return counts.isEmpty() ? Optional.empty() : Optional.of(counts);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<Map<String, Counts>> fetchMetrics() {
        return get("/metrics", null).flatMap(body -> {
            Map<String, long[]> sums = new TreeMap<>();
            for (String line : body.split("\n")) {
                Matcher m = COUNTER.matcher(line);
                if (!m.find()) {
                    continue;
                }
                Matcher entity = ENTITY_LABEL.matcher(m.group(2));
                String type = entity.find() ? entity.group(1) : "all";
                long value = (long) Double.parseDouble(m.group(3));
                sums.computeIfAbsent(type, t -> new long[2])[m.group(1).equals("hits") ? 0 : 1] += value;
            }
            Map<String, Counts> counts = new TreeMap<>();
            sums.forEach((type, s) -> counts.put(type, new Counts(s[0], s[1])));
            return counts.isEmpty() ? Optional.empty() : Optional.of(counts);
        });
    }

    /** One exchange on a connection of its own (see {@link OneShotHttp}): none is left open during a load. */
    private Optional<String> get(String path, String bearer) {
        try {
            OneShotHttp.Answer answer = OneShotHttp.get(baseUrl, path, bearer, Duration.ofSeconds(10));
            return answer.status() == 200 ? Optional.of(answer.text()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void save(Map<String, Counts> counts, Path file) throws IOException {
        Properties properties = new Properties();
        counts.forEach((type, c) -> {
            properties.setProperty(type + ".hits", Long.toString(c.hits()));
            properties.setProperty(type + ".misses", Long.toString(c.misses()));
        });
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "cache counters before the run");
        }
    }

    private static Map<String, Counts> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, Counts> counts = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            String type = name.substring(0, name.lastIndexOf('.'));
            counts.putIfAbsent(type, new Counts(Long.parseLong(properties.getProperty(type + ".hits", "0")),
                    Long.parseLong(properties.getProperty(type + ".misses", "0"))));
        }
        return counts;
    }

    static void print(Map<String, Counts> now, Map<String, Counts> before, boolean targets) {
        Table table = new Table("entity", "hits", "misses", "hit rate");
        Counts total = new Counts(0, 0);
        for (Map.Entry<String, Counts> e : now.entrySet()) {
            Counts during = e.getValue().minus(before.getOrDefault(e.getKey(), new Counts(0, 0)));
            total = new Counts(total.hits() + during.hits(), total.misses() + during.misses());
            table.row(e.getKey(), String.format("%,d", during.hits()), String.format("%,d", during.misses()),
                    percent(during.hitRate()));
        }
        table.row("all", String.format("%,d", total.hits()), String.format("%,d", total.misses()),
                percent(total.hitRate()));
        System.out.println("Cache hit rate during the run:");
        System.out.println(table.render());
        if (targets) {
            System.out.printf("Hit rate %s (issue 5 target ≥ 95%% at 2,000 req/s: %s)%n", percent(total.hitRate()),
                    Double.isNaN(total.hitRate()) ? "no reads" : total.hitRate() >= 0.95 ? "met" : "MISSED");
        }
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format("%.2f %%", rate * 100);
    }
}
