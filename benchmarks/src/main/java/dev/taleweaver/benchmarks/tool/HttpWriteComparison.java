package dev.taleweaver.benchmarks.tool;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PUT /heroes/{id}} against several services over the same database (e.g. the service before and after
 * issue 10's write path), measured side by side: rounds alternate between the services, so they share whatever
 * the machine is doing. Each service writes its own hero (its cache never sees another service's writes), with a
 * name that changes on every request. Latency is client-side, from sending the request to the last byte of the
 * answer.
 *
 * <p>{@code http-write-compare <rounds> <requests-per-round> <name>=<base-url>…}; the first service is the
 * baseline of the ratios.
 */
final class HttpWriteComparison {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private long sequence;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: http-write-compare <rounds> <requests-per-round> <name>=<base-url>…");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        int perRound = Integer.parseInt(args[1]);
        Map<String, String> services = SideBySide.services(args, 2);
        new HttpWriteComparison().run(rounds, perRound, services);
    }

    private void run(int rounds, int perRound, Map<String, String> services) throws Exception {
        List<String> ids = heroIds(services.values().iterator().next(), services.size());
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> service : services.entrySet()) {
            targets.put(service.getKey(), service.getValue() + "/heroes/" + ids.get(i++));
            nanos.put(service.getKey(), new ArrayList<>());
        }
        round(targets, perRound, null); // untimed: JIT, connections
        for (int round = 0; round < rounds; round++) {
            round(targets, perRound, nanos);
        }
        print(nanos);
    }

    private List<String> heroIds(String baseUrl, int count) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/heroes?language=en&limit=500"))
                .timeout(Duration.ofSeconds(60)).GET().build();
        String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        List<String> ids = new ArrayList<>();
        Matcher matcher = ID.matcher(body);
        while (matcher.find() && ids.size() < count) {
            ids.add(matcher.group(1));
        }
        if (ids.size() < count) {
            throw new IOException("need " + count + " English heroes, found " + ids.size());
        }
        return ids;
    }

    private void round(Map<String, String> targets, int perRound, Map<String, List<Long>> into) throws Exception {
        for (Map.Entry<String, String> target : targets.entrySet()) {
            for (int i = 0; i < perRound; i++) {
                long took = put(target.getValue());
                if (into != null) {
                    into.get(target.getKey()).add(took);
                }
            }
        }
    }

    private long put(String url) throws IOException, InterruptedException {
        String body = """
                {"name": "Captain %d", "age": 12, "gender": "male", "appearance": "Wears a blue cape",
                 "personality_traits": ["brave"], "interests": ["space"], "strengths": ["flying"],
                 "language": "en"}""".formatted(++sequence);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        long started = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - started;
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + url + " answered " + response.statusCode());
        }
        return took;
    }

    private static void print(Map<String, List<Long>> nanos) {
        Table latency = new Table("service", "p50 ms", "p99 ms", "mean ms", "samples").leftAligned(1);
        Map<String, Double> p50s = new LinkedHashMap<>();
        nanos.forEach((service, samples) -> {
            long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
            double p50 = SideBySide.quantile(sorted, 0.50) / 1e6;
            p50s.put(service, p50);
            latency.row(service, Table.num(p50), Table.num(SideBySide.quantile(sorted, 0.99) / 1e6),
                    Table.num(Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6), sorted.length);
        });
        System.out.println(latency.render());
        String baseline = p50s.keySet().iterator().next();
        p50s.forEach((service, p50) -> {
            if (!service.equals(baseline)) {
                System.out.printf("p50 %s / %s = %s×%n", baseline, service, Table.num(p50s.get(baseline) / p50));
            }
        });
    }
}
