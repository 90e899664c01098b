package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.application.port.in.CheckHealth;
import dev.taleweaver.application.port.in.ManageChildren;
import dev.taleweaver.application.port.in.ManageHeroes;
import dev.taleweaver.application.port.in.ManageStories;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP API: heroes, children, stories and health on Javalin, plus any extra {@link HttpRoutes} (such as
 * {@link AdminRoutes} and {@link DashboardRoutes}); every request carries an {@code X-Request-Id} and is reported to a
 * {@link RequestObserver}. One instance
 * serves once: {@link #start()} then {@link #stop()} (or {@link #close()}); Javalin cannot be restarted.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** How long {@link #stop()} lets in-flight requests finish before Jetty cuts them off. */
    public static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * On stop, keep-alive connections with no request in progress are closed after this long (Jetty's default is 1 s);
     * connections whose request is still being handled are not cut by it.
     */
    static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(100);

    /** Entries of Jetty's per-connection header-field cache (default 1,024): the API's few headers fit in 256. */
    static final int HEADER_CACHE_SIZE = 256;

    /**
     * The buffer Javalin copies each answer's bytes through into Jetty's output stream, allocated per response.
     * Javalin's default is Jetty's output buffer size, 32 KiB: zeroing it was 5 % of the CPU samples of a cache hit
     * (a 437-byte hero) in the issue 16 profile, and 32 KiB of garbage per request. Entity answers fit in 8 KiB;
     * bigger ones (lists) are copied in 8 KiB pieces into Jetty's own 32 KiB output buffer, which still aggregates
     * them as before. Since the GC work of issue 11 the JSON answers ({@link RenderedJson#send}) are written into the
     * response stream directly, with their {@code Content-Length}, without the copy; it remains for the few results
     * set with {@code ctx.result(…)} (problems, the dashboard's files, {@code /metrics}).
     */
    static final int RESPONSE_COPY_BUFFER_BYTES = 8 * 1024;

    /** Jetty's default request-header limit, stated: larger headers are answered 431 (problem+json). */
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;

    /**
     * One thread accepts connections; two selectors per core serve their I/O, at most 16. A selector also answers
     * the reads {@link DirectReads} takes from memory, on its own thread (ADR 22). Jetty's own heuristic, half the
     * cores, left one of two cores idle under cached reads; one per core answered as many but, with other processes
     * on the cores, a selector descheduled for a time slice held up all its connections (p99 6–16 ms under wrk);
     * two per core answered most (51,000–54,000 pages/s against 45,000–47,000) with a p99 of 3–5 ms, four per core
     * fewer and slower (docs/benchmarks.md, ADR 22).
     */
    static final int ACCEPTORS = 1;
    static final int SELECTORS = Math.max(1, Math.min(16, 2 * Runtime.getRuntime().availableProcessors()));

    /**
     * Threads Jetty keeps for itself beyond the request threads: the acceptor and selectors above (at most 17) and
     * its reserved threads, with room to spare.
     */
    static final int JETTY_THREADS = 34;

    /** Threads kept when idle (Javalin's default), and how long a spare thread above them lives. */
    static final int MIN_THREADS = 8;
    static final Duration THREAD_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final Javalin app;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    public HttpServer(HttpConfig config, ManageHeroes heroes, ManageChildren children, ManageStories stories,
                      CheckHealth health, List<HttpRoutes> extraRoutes) {
        this(config, heroes, children, stories, health, extraRoutes, RequestObserver.NOOP);
    }

    /** @param requestObserver told about every request once answered (metrics); {@link RequestObserver#NOOP} for none */
    public HttpServer(HttpConfig config, ManageHeroes heroes, ManageChildren children, ManageStories stories,
                      CheckHealth health, List<HttpRoutes> extraRoutes, RequestObserver requestObserver) {
        Objects.requireNonNull(requestObserver, "requestObserver (use RequestObserver.NOOP for none)");
        ObjectMapper mapper = JsonMapping.objectMapper();
        JsonBody body = new JsonBody(mapper, config.maxRequestBytes());
        RequestLog requestLog = new RequestLog(requestObserver);
        List<EntityRoutes<?, ?, ?, ?>> entities = List.of(
                new HeroRoutes(heroes, body, config.rememberRenderings()),
                new ChildRoutes(children, body, config.rememberRenderings()),
                new StoryRoutes(stories, body, config.rememberRenderings()));
        List<HttpRoutes> groups = new ArrayList<>(List.of(
                new ProblemHandlers(config.maxRequestBytes(), mapper),
                requestLog,
                new PathEncoding()));
        groups.addAll(entities);
        groups.addAll(List.of(new HealthRoutes(health), new ApiDocsRoutes()));
        groups.addAll(extraRoutes);
        groups.add(new HeadAndOptions()); // last: it adds HEAD and OPTIONS to every route the others registered
        DirectReads direct = answersReadsDirectly(config, extraRoutes)
                ? new DirectReads(entities, requestLog) : null;
        this.app = Javalin.create(javalin -> {
            configure(javalin, config, mapper, requestObserver, direct);
            groups.forEach(group -> group.register(javalin));
        });
    }

    /**
     * Whether item reads and pages are answered by {@link DirectReads}: when configured, and unless a route group
     * decorates every answer ({@link HttpRoutes#decoratesEveryAnswer}), which only Javalin's path would do.
     */
    static boolean answersReadsDirectly(HttpConfig config, List<HttpRoutes> extraRoutes) {
        return config.directReads() && extraRoutes.stream().noneMatch(HttpRoutes::decoratesEveryAnswer);
    }

    /**
     * For the answers Javalin writes (problems, the API document, the dashboard, {@code /metrics}; the JSON of reads
     * and writes is {@link AnswerEncoding}'s to encode). Javalin's default: gzip for a client that asks, answers of
     * 1,500 bytes or more, unless the type is one of Javalin's excluded media types (images, archives…) — decided by a
     * case-insensitive substring search of every answer's type against each of them, 11 % of the CPU of a Redis hit in
     * the issue 16 profile (docs/benchmarks.md).
     * Everything this service answers is text (JSON, HTML, JavaScript, CSS), so nothing is excluded and the search
     * is skipped; what is gzipped and when is unchanged.
     */
    private static CompressionStrategy gzipForText() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        gzip.setExcludedMimeTypes(List.of());
        gzip.setDefaultMinSizeForCompression(AnswerEncoding.COMPRESS_FROM); // its default, stated: as the JSON answers
        return gzip;
    }

    private static void configure(JavalinConfig javalin, HttpConfig config, ObjectMapper mapper,
                                  RequestObserver observer, DirectReads direct) {
        javalin.http.maxRequestSize = config.maxRequestBytes();
        javalin.http.responseBufferSize = RESPONSE_COPY_BUFFER_BYTES;
        javalin.http.compressionStrategy = gzipForText();
        javalin.http.prefer405over404 = true; // a known path with the wrong method is 405, not "no such thing"
        javalin.startup.showJavalinBanner = false;
        javalin.startup.showOldJavalinVersionWarning = false;
        javalin.jsonMapper(new JavalinJackson(mapper, false));
        // Javalin answers a client that went away 499 (a status outside HTTP) before any exception handler: a client
        // mistake, 400 like every other broken request (ProblemHandlers/ClientFailure cover the rest)
        javalin.jetty.clientAbortStatus = 400;
        javalin.jetty.threadPool = threadPool(config.maxInFlight());
        javalin.jetty.modifyHttpConfiguration(http -> {
            // Jetty keeps a header-field cache per connection: 1,024 entries by default, a 96 KB table for every open
            // connection. Under an open-model overload (thousands of connections) those tables filled a 1 GB heap.
            http.setHeaderCacheSize(HEADER_CACHE_SIZE);
            http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
            // not Jetty's minRequestDataRate (left at 0, off): MinimumDataRate explains why
        });
        javalin.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, ACCEPTORS, SELECTORS,
                    new HttpConnectionFactory(http));
            connector.setPort(config.port());
            connector.setHost(config.host()); // null: every interface
            connector.setIdleTimeout(config.idleTimeout().toMillis());
            return connector;
        });
        // no sessions: Jetty's session handler looked for a session id in every request (NoSessions)
        javalin.jetty.modifyServletContextHandler(context -> context.setSessionHandler(new NoSessions()));
        javalin.jetty.modifyServer(server -> {
            tuneJetty(server, mapper, config, observer, direct);
            server.addBean(new NetworkConnectionLimit(config.maxConnections(), server));
            server.addBean(new HeaderDeadline(server, config.headerTimeout()));
        });
    }

    /**
     * The request threads: one per admitted request ({@code maxInFlight}), one per health check allowed beside them
     * ({@link AdmissionLimit#HEALTH_IN_FLIGHT}) and {@link #JETTY_THREADS} for Jetty's acceptor, selectors and
     * reserved threads, so every admitted request finds a thread and no task waits in the pool's queue.
     */
    static int threadsFor(int maxInFlight) {
        return maxInFlight + AdmissionLimit.HEALTH_IN_FLIGHT + JETTY_THREADS;
    }

    private static ThreadPool threadPool(int maxInFlight) {
        QueuedThreadPool pool = new QueuedThreadPool(threadsFor(maxInFlight), MIN_THREADS,
                (int) THREAD_IDLE_TIMEOUT.toMillis());
        pool.setName("http");
        return pool;
    }

    /**
     * Jetty 12 waits for in-flight requests on stop only with a {@link GracefulHandler} and a stop timeout; errors
     * Jetty answers itself get the API's problem+json shape; every request gets an id ({@link RequestIdHandler}),
     * passes the {@link AdmissionLimit} and has its body read at a {@link MinimumDataRate}.
     */
    private static void tuneJetty(Server server, ObjectMapper mapper, HttpConfig config, RequestObserver observer,
                                  DirectReads direct) {
        withoutStatistics(server);
        if (direct != null) {
            server.insertHandler(direct); // first, so it sits innermost: behind every limit, in front of Javalin
        }
        GracefulHandler graceful = new GracefulHandler();
        graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
        server.insertHandler(graceful);
        server.insertHandler(new MinimumDataRate(config.minRequestDataRate()));
        server.insertHandler(new AdmissionLimit(config.maxInFlight(), mapper, observer));
        // outermost, so even requests refused while shutting down or overloaded get an id
        server.insertHandler(new RequestIdHandler());
        server.setStopTimeout(GRACEFUL_STOP_TIMEOUT.toMillis());
        server.setErrorHandler(new JettyProblemErrorHandler(mapper));
    }

    /**
     * Javalin's default server counts every request in a Jetty {@link StatisticsHandler} that nothing here reads (the
     * {@link RequestObserver} keeps the API's own figures): 2 % of the CPU of a Redis hit (docs/benchmarks.md, issue
     * 16). It is removed before the other handlers are put in front of Javalin's.
     */
    static void withoutStatistics(Server server) {
        if (server.getHandler() instanceof StatisticsHandler statistics) {
            server.setHandler(statistics.getHandler());
        }
    }

    /** Every route, as {@code "METHOD /path/{param}"}: what the OpenAPI document must describe, no more, no less. */
    public Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            if (parsed.endpoint.method.isHttpMethod()) {
                routes.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path);
            }
        }
        return routes;
    }

    /** Starts listening and returns the bound port (the OS-chosen one when configured with port 0). */
    public int start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the HTTP server was already started; create a new one");
        }
        app.start();
        int port = app.port();
        log.info("HTTP API listening on port {}", port);
        return port;
    }

    /** Stops accepting connections, lets in-flight requests finish (up to {@link #GRACEFUL_STOP_TIMEOUT}), stops. */
    public void stop() {
        if (started.get() && stopped.compareAndSet(false, true)) {
            log.info("Stopping the HTTP API (in-flight requests get up to {} s)", GRACEFUL_STOP_TIMEOUT.toSeconds());
            app.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
