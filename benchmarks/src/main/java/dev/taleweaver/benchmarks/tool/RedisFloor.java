package dev.taleweaver.benchmarks.tool;

import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisTransport;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import redis.clients.jedis.UnifiedJedis;
import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.report.Table;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Issue 16's floor, outside JMH and outside the cache: one thread, one GET in flight at a time, of 450-byte values
 * under {@code <BENCH_KEY_PREFIX>floor:}, through
 * <ul>
 *   <li>{@code socket}: a blocking JDK socket speaking RESP by hand: the round trip itself, what any Java client
 *   pays at least (the caller's own thread writes and waits in {@code read});</li>
 *   <li>{@code nio}, {@code epoll}: Redisson {@code RBucket<String>.get()} on the service's client configuration
 *   ({@link RedisClientFactory}) with that {@code REDIS_TRANSPORT}.</li>
 *   <li>{@code jedis}: Jedis {@code getrange(key, 0, bound)} on the client of the service's single-key reads
 *   ({@code REDIS_READ_CLIENT=jedis}, ADR 18: the same pool, timeouts and client name), blocking on the caller's
 *   thread like {@code socket}.</li>
 * </ul>
 * Rounds alternate the order. Besides latency, each variant's CPU time of this JVM per GET (every thread: caller,
 * Netty event loop, JIT, GC) and its context switches per GET, read from {@code /proc}: where Redisson's extra time
 * goes that a CPU profile does not show (the hand-offs between the caller and the event loop).
 *
 * <p>{@code Tool redis-floor [gets-per-round] [rounds] [variant,…]}: defaults 20,000, 5,
 * {@code socket,nio,epoll,jedis}.
 */
final class RedisFloor {
    static final int KEYS = 1000;
    static final int VALUE_BYTES = 450;

    private RedisFloor() {
    }

    static void main(String[] args) throws Exception {
        int gets = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> variants = List.of((args.length > 2 ? args[2] : "socket,nio,epoll,jedis").split(","));
        BenchConfig bench = BenchConfig.fromEnvironment();
        RedisConfig redis = bench.redis();
        String prefix = bench.keyPrefix() + "floor:";
        List<AutoCloseable> open = new ArrayList<>();
        RedissonClient writer = RedisClientFactory.create(redis.withTransport(RedisTransport.NIO));
        open.add(writer::shutdown);
        try {
            String value = "v".repeat(VALUE_BYTES);
            for (int i = 0; i < KEYS; i++) {
                writer.getBucket(prefix + i, StringCodec.INSTANCE).set(value);
            }
            Map<String, IntFunction<Object>> byName = new LinkedHashMap<>();
            for (String variant : variants) {
                byName.put(variant, switch (variant) {
                    case "socket" -> socketGets(redis, prefix, open);
                    case "jedis" -> jedisGets(redis, prefix, open);
                    default -> redissonGets(redis.withTransport(transport(variant)), prefix, open);
                });
            }
            run(byName, gets, rounds);
        } finally {
            for (int i = 0; i < KEYS; i++) {
                writer.getBucket(prefix + i, StringCodec.INSTANCE).delete();
            }
            Collections.reverse(open);
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    private static RedisTransport transport(String variant) {
        RedisTransport transport = RedisTransport.parse(variant);
        if (transport == null) {
            throw new IllegalArgumentException("variants are socket, nio, epoll and jedis, not " + variant);
        }
        if (transport.effective() != transport) {
            throw new IllegalStateException(variant + " cannot load here");
        }
        return transport;
    }

    private static void run(Map<String, IntFunction<Object>> variants, int gets, int rounds) {
        for (IntFunction<Object> get : variants.values()) {
            measure(get, gets); // warm-up: JIT, pools, connections
        }
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(variants.keySet());
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (String variant : order) {
                Sample sample = measure(variants.get(variant), gets);
                samples.computeIfAbsent(variant, v -> new ArrayList<>()).add(sample);
                System.out.printf("round %d %-7s %s%n", round + 1, variant, sample);
            }
        }
        Table table = new Table("variant", "p50 µs", "p90 µs", "p99 µs", "mean µs", "JVM CPU µs/GET",
                "voluntary switches/GET", "involuntary/GET").leftAligned(1);
        samples.forEach((variant, list) -> table.row(variant, Table.num(median(list, Sample::p50)),
                Table.num(median(list, Sample::p90)), Table.num(median(list, Sample::p99)),
                Table.num(median(list, Sample::mean)), Table.num(median(list, Sample::cpuMicros)),
                Table.num(median(list, Sample::voluntary)), Table.num(median(list, Sample::involuntary))));
        System.out.println();
        System.out.println("medians of " + rounds + " rounds of " + gets + " GETs (" + VALUE_BYTES + " bytes, "
                + KEYS + " keys), one in flight; load average " + loadAverage());
        System.out.println(table.render());
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> field) {
        double[] values = samples.stream().mapToDouble(field).sorted().toArray();
        return values[values.length / 2];
    }

    private static Sample measure(IntFunction<Object> get, int gets) {
        long[] nanos = new long[gets];
        Proc before = Proc.self();
        for (int i = 0; i < gets; i++) {
            long start = System.nanoTime();
            if (get.apply(i % KEYS) == null) {
                throw new IllegalStateException("GET answered nothing: the floor keys are gone");
            }
            nanos[i] = System.nanoTime() - start;
        }
        Proc after = Proc.self();
        Arrays.sort(nanos);
        return new Sample(nanos[gets / 2] / 1e3, nanos[gets * 9 / 10] / 1e3, nanos[gets * 99 / 100] / 1e3,
                Arrays.stream(nanos).average().orElse(0) / 1e3,
                (after.cpuTicks - before.cpuTicks) * 1e6 / Proc.TICKS_PER_SECOND / gets,
                (after.voluntary - before.voluntary) / (double) gets,
                (after.involuntary - before.involuntary) / (double) gets);
    }

    private static IntFunction<Object> redissonGets(RedisConfig config, String prefix, List<AutoCloseable> open) {
        RedissonClient client = RedisClientFactory.create(config);
        open.add(client::shutdown);
        @SuppressWarnings("unchecked")
        RBucket<String>[] buckets = new RBucket[KEYS];
        for (int i = 0; i < KEYS; i++) {
            buckets[i] = client.getBucket(prefix + i, StringCodec.INSTANCE);
        }
        return i -> buckets[i].get();
    }

    /**
     * The service's Jedis read path as the store drives it: {@code GETRANGE key 0 MAX_VALUE_BYTES} on the read
     * client {@link RedisClientFactory#createJedisReadClient} builds from the configuration.
     */
    private static IntFunction<Object> jedisGets(RedisConfig config, String prefix, List<AutoCloseable> open) {
        UnifiedJedis client = RedisClientFactory.createJedisReadClient(config);
        open.add(client::close);
        byte[][] keys = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = (prefix + i).getBytes(StandardCharsets.UTF_8);
        }
        return i -> {
            byte[] value = client.getrange(keys[i], 0, RedissonCacheStore.MAX_VALUE_BYTES);
            return value.length == 0 ? null : value;
        };
    }

    /** GET over a plain blocking socket: RESP written and read by hand, the caller's thread does it all. */
    private static IntFunction<Object> socketGets(RedisConfig config, String prefix, List<AutoCloseable> open)
            throws IOException {
        URI address = URI.create(config.address());
        if (config.tls()) {
            throw new IllegalArgumentException("the socket variant speaks plain RESP only, not TLS");
        }
        Socket socket = new Socket(address.getHost(), address.getPort());
        open.add(socket);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        if (config.effectivePassword() != null) {
            command(out, in, config.username() == null ? List.of("AUTH", config.effectivePassword())
                    : List.of("AUTH", config.username(), config.effectivePassword()));
        }
        command(out, in, List.of("SELECT", Integer.toString(config.database())));
        byte[][] requests = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            requests[i] = resp(List.of("GET", prefix + i));
        }
        byte[] body = new byte[64 * 1024];
        return i -> {
            try {
                out.write(requests[i]);
                out.flush();
                int length = Integer.parseInt(line(in).substring(1));
                if (length < 0) {
                    return null;
                }
                in.readFully(body, 0, length + 2);
                return body;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static void command(OutputStream out, DataInputStream in, List<String> words) throws IOException {
        out.write(resp(words));
        out.flush();
        String reply = line(in);
        if (!reply.startsWith("+")) {
            throw new IOException(words.get(0) + " refused: " + reply);
        }
    }

    private static byte[] resp(List<String> words) {
        StringBuilder request = new StringBuilder("*").append(words.size()).append("\r\n");
        for (String word : words) {
            request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                    .append("\r\n");
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    record Sample(double p50, double p90, double p99, double mean, double cpuMicros, double voluntary,
                  double involuntary) {
        @Override
        public String toString() {
            return String.format("p50 %6.1f µs  p90 %6.1f  p99 %7.1f  mean %6.1f  CPU %5.1f µs/GET  switches %.2f"
                    + " voluntary %.2f involuntary /GET", p50, p90, p99, mean, cpuMicros, voluntary, involuntary);
        }
    }

    /** This JVM's CPU time (all threads) and context switches (summed over its threads), from /proc. */
    private record Proc(long cpuTicks, long voluntary, long involuntary) {
        /** USER_HZ: 100 on every Linux this runs on. */
        static final double TICKS_PER_SECOND = 100;

        static Proc self() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                long voluntary = 0;
                long involuntary = 0;
                try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                    for (Path task : tasks.toList()) {
                        try {
                            for (String line : Files.readAllLines(task.resolve("status"))) {
                                if (line.startsWith("voluntary_ctxt_switches:")) {
                                    voluntary += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                                    involuntary += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                                }
                            }
                        } catch (IOException gone) {
                            // the thread ended between listing and reading
                        }
                    }
                }
                return new Proc(ticks, voluntary, involuntary);
            } catch (IOException | RuntimeException e) {
                return new Proc(0, 0, 0); // not Linux: latency only
            }
        }
    }
}
