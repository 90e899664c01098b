package dev.taleweaver.benchmarks.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.benchmarks.data.Dataset;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads every entity, every language list and every child's story list once through a running service, so a load
 * test starts from the warm cache a long-running deployment has, not from an empty one.
 */
final class HttpWarmer {
    private static final int THREADS = 8;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final AtomicLong failures = new AtomicLong();

    private HttpWarmer(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: warm-http <base-url>");
            System.exit(2);
        }
        new HttpWarmer(args[0]).warm();
    }

    private void warm() throws Exception {
        long started = System.nanoTime();
        // the first page of each list as the load reads it (default limit), then every member of every list
        List<String> paths = new ArrayList<>(List.of("/heroes", "/children", "/stories"));
        for (String collection : List.of("heroes", "children", "stories")) {
            for (JsonNode entity : PagedList.items(client, baseUrl + "/" + collection)) {
                paths.add("/" + collection + "/" + entity.path("id").asText());
                if (collection.equals("children")) {
                    paths.add("/stories?child_id=" + entity.path("id").asText());
                }
            }
        }
        Dataset.LANGUAGES.forEach(l -> paths.add("/heroes?language=" + l.code()));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < paths.size(); i += THREADS) {
                        getQuietly(paths.get(i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("Warmed the service's cache: %,d reads (%d failed) in %,d ms%n", paths.size(),
                failures.get(), (System.nanoTime() - started) / 1_000_000);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private void getQuietly(String path) {
        try {
            get(path);
        } catch (IOException e) {
            failures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
