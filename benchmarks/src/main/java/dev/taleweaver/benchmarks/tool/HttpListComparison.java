package dev.taleweaver.benchmarks.tool;

import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.benchmarks.report.Table;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 5's list target at the HTTP level: {@code GET /heroes} (10,000 heroes) and {@code GET /heroes?language=xx}
 * (500) against several services over the same database — e.g. one with the default cache (L1 + Redis), one with
 * Redis only, one with no cache — measured side by side: rounds alternate between the services, so they share
 * whatever the machine is doing. Latency is client-side, from sending the request to the last byte of the body.
 *
 * <p>{@code http-compare <rounds> <requests-per-round> <name>=<base-url>…}; the first service named {@code uncached}
 * is the baseline of the ratios.
 */
final class HttpListComparison {
    private static final String BASELINE = "uncached";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: http-compare <rounds> <requests-per-round> <name>=<base-url>…");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        int perRound = Integer.parseInt(args[1]);
        Map<String, String> services = SideBySide.services(args, 2);
        new HttpListComparison().run(rounds, perRound, services);
    }

    private void run(int rounds, int perRound, Map<String, String> services) throws Exception {
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /heroes", List.of("/heroes"));
        endpoints.put("GET /heroes?language=", Dataset.LANGUAGES.stream().map(l -> "/heroes?language=" + l.code())
                .toList());
        Map<String, Map<String, List<Long>>> nanos = new LinkedHashMap<>();
        for (String endpoint : endpoints.keySet()) {
            Map<String, List<Long>> byService = new LinkedHashMap<>();
            services.keySet().forEach(name -> byService.put(name, new ArrayList<>()));
            nanos.put(endpoint, byService);
        }
        // one untimed round first: JIT, connections, and the caches filled
        measureRound(endpoints, services, perRound, null);
        for (int round = 0; round < rounds; round++) {
            measureRound(endpoints, services, perRound, nanos);
        }
        print(nanos);
    }

    private void measureRound(Map<String, List<String>> endpoints, Map<String, String> services, int perRound,
                              Map<String, Map<String, List<Long>>> into) throws Exception {
        for (Map.Entry<String, List<String>> endpoint : endpoints.entrySet()) {
            for (Map.Entry<String, String> service : services.entrySet()) {
                List<String> paths = endpoint.getValue();
                for (int i = 0; i < perRound; i++) {
                    long took = get(service.getValue() + paths.get(i % paths.size()));
                    if (into != null) {
                        into.get(endpoint.getKey()).get(service.getKey()).add(took);
                    }
                }
            }
        }
    }

    private long get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
        long started = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - started;
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return took;
    }

    private static void print(Map<String, Map<String, List<Long>>> nanos) {
        Table latency = new Table("endpoint", "service", "p50 ms", "p99 ms", "mean ms", "samples").leftAligned(2);
        Table ratios = new Table("endpoint", "ratio (p50)", "value", "target", "verdict").leftAligned(2);
        nanos.forEach((endpoint, byService) -> {
            Map<String, Double> p50s = new LinkedHashMap<>();
            byService.forEach((service, samples) -> {
                long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
                double p50 = SideBySide.quantile(sorted, 0.50) / 1e6;
                p50s.put(service, p50);
                latency.row(endpoint, service, Table.num(p50), Table.num(SideBySide.quantile(sorted, 0.99) / 1e6),
                        Table.num(Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6), sorted.length);
            });
            Double baseline = p50s.get(BASELINE);
            if (baseline != null) {
                p50s.forEach((service, p50) -> {
                    if (!service.equals(BASELINE)) {
                        double ratio = baseline / p50;
                        ratios.row(endpoint, BASELINE + " / " + service, Table.num(ratio) + "×", "≥ 3×",
                                ratio >= 3 ? "met" : "MISSED");
                    }
                });
            }
        });
        System.out.println(latency.render());
        if (!ratios.isEmpty()) {
            System.out.println(ratios.render());
        }
    }
}
