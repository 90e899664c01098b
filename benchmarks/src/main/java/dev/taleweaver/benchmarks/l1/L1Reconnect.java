package dev.taleweaver.benchmarks.l1;

import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.report.Table;
import org.redisson.api.options.LocalCachedMapOptions.ReconnectionStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What each L1 alternative does across a Redis restart, tried on a private {@code redis-server} (started and
 * stopped here, on a free port, no persistence: the restart loses every key, as a restart of a cache usually
 * does). Per alternative: a reader instance holds {@code keys} keys in its L1; Redis is stopped for
 * {@code downMillis} and started again empty; then a second instance writes key 0 (its normal write). The reader
 * is watched for {@code watchSeconds}: when its local cache is emptied (if ever), and when it stops answering key
 * 0's old value (written over after the restart) and key 1's (gone from Redis since the restart).
 *
 * <p>{@code Tool l1-reconnect [redis-server path] [down ms] [watch s]}.
 */
public final class L1Reconnect {
    private static final int KEYS = 10;

    private L1Reconnect() {
    }

    public static void main(String[] args) throws Exception {
        String server = args.length > 0 ? args[0] : "redis-server";
        long downMillis = args.length > 1 ? Long.parseLong(args[1]) : 1_000;
        int watchSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        run(BenchConfig.fromEnvironment(), server, downMillis, watchSeconds, System.out);
    }

    static void run(BenchConfig base, String server, long downMillis, int watchSeconds, PrintStream out)
            throws Exception {
        Table table = new Table("alternative", "L1 emptied (ms after stop)", "key 0 fresh (ms after write)",
                "key 1 forgotten (ms after restart)", "reader errors").leftAligned(1);
        List<Subject> subjects = new ArrayList<>();
        Arrays.stream(L1Alternative.values()).filter(L1Alternative::hasL1)
                .forEach(a -> subjects.add(new Subject(a.name(), a::open)));
        // RLocalCachedMap's other answer to reconnects (the default, above, is NONE)
        subjects.add(new Subject("LOCAL_CACHED_MAP reconnectionStrategy=CLEAR",
                keys -> L1Alternative.openLocalCachedMap(keys, ReconnectionStrategy.CLEAR)));
        for (Subject alternative : subjects) {
            int port = freePort();
            BenchConfig config = base.withRedisUrl("redis://127.0.0.1:" + port + "/0");
            Process redis = start(server, port);
            List<String> row = new ArrayList<>();
            try (L1Keys keys = L1Keys.fill(config, KEYS);
                 L1Alternative.Instance reader = L1Alternative.warm(alternative.opener().apply(keys), keys,
                         alternative.name())) {
                long stopped = System.nanoTime();
                stop(redis);
                Watch watch = new Watch(reader, keys.value());
                watch.until(stopped + downMillis * 1_000_000);
                redis = start(server, port);
                long restarted = System.nanoTime();
                long written;
                try (L1Alternative.Instance writer = alternative.opener().apply(keys)) {
                    writer.awaitReady();
                    written = System.nanoTime();
                    writer.write(0, "new " + keys.value());
                }
                watch.until(System.nanoTime() + watchSeconds * 1_000_000_000L);
                row.add(alternative.name());
                row.add(watch.emptied < 0 ? "never (" + watchSeconds + " s)" : ms(watch.emptied - stopped));
                row.add(watch.key0Fresh < 0 ? "never (" + watchSeconds + " s)"
                        : ms(Math.max(0, watch.key0Fresh - written)));
                row.add(watch.key1Gone < 0 ? "never (" + watchSeconds + " s)"
                        : ms(Math.max(0, watch.key1Gone - restarted)));
                row.add(Integer.toString(watch.errors));
            } finally {
                stop(redis);
            }
            table.row(row.toArray());
            out.println(alternative.name() + ": " + String.join(" | ", row));
        }
        out.println(table.render());
    }

    private record Subject(String name, Function<L1Keys, L1Alternative.Instance> opener) {
    }

    /** Polls the reader every 5 ms, noting the first time each thing happened (nanoTime, -1 until then). */
    private static final class Watch {
        final L1Alternative.Instance reader;
        final String old;
        long emptied = -1;
        long key0Fresh = -1;
        long key1Gone = -1;
        int errors;
        private boolean key0Written;

        Watch(L1Alternative.Instance reader, String old) {
            this.reader = reader;
            this.old = old;
        }

        void until(long deadline) throws InterruptedException {
            boolean afterWrite = key0Written;
            key0Written = true; // the second watch starts after the write
            while (System.nanoTime() < deadline) {
                long now = System.nanoTime();
                if (emptied < 0 && reader.localEntries() == 0) {
                    emptied = now;
                }
                if (!afterWrite) {
                    safeGet(1); // reads go on during the outage, as the service's would
                } else {
                    if (key0Fresh < 0 && !old.equals(safeGet(0))) {
                        key0Fresh = System.nanoTime();
                    }
                    if (key1Gone < 0 && !old.equals(safeGet(1))) {
                        key1Gone = System.nanoTime();
                    }
                    if (emptied >= 0 && key0Fresh >= 0 && key1Gone >= 0) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }

        private String safeGet(int index) {
            try {
                return reader.get(index);
            } catch (RuntimeException e) {
                errors++;
                return old; // no answer yet: keep watching
            }
        }
    }

    private static String ms(long nanos) {
        return String.format("%,d", TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    private static Process start(String server, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(server, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return process;
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(server + " did not listen on port " + port);
    }

    private static void stop(Process redis) throws InterruptedException {
        if (redis.isAlive()) {
            redis.destroyForcibly(); // SIGKILL: a crash, no goodbye to the clients
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
