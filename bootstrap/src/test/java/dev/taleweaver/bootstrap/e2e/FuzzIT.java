package dev.taleweaver.bootstrap.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.bootstrap.e2e.FuzzCases.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.quicktheories.core.Gen;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

/**
 * Property-based fuzzing of the real service (real PostgreSQL and Redis, its own schema and key prefix): generated
 * JSON bodies, query strings, paths and methods, headers and raw framing against every endpoint. Whatever comes in,
 * the service never answers 5xx, never logs at ERROR for it, keeps every answer small, answers every failure with
 * application/problem+json that names no Java class, and is still healthy afterwards.
 *
 * <p>Built on QuickTheories rather than jqwik: no jqwik release runs on the JUnit Platform 6 this build uses (1.10.1,
 * the last, is built on Platform 1.14), and QuickTheories runs inside an ordinary Jupiter test. Each property has a
 * fixed seed derived from {@value #SEED_PROPERTY} (default {@value #DEFAULT_SEED}), so a run repeats exactly; a
 * failure is shrunk (for at most {@link #SHRINK_BUDGET}) and reported with its smallest request and the seed.
 * {@code -Dfuzz.seed=N} explores other cases, {@code -Dfuzz.scale=F} multiplies the number of tries, and
 * {@code -Dfuzz.survey=true} runs every try without stopping at a failure and prints the smallest request of each
 * kind of failure instead (for triage; it never fails).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FuzzIT {
    static final String SEED_PROPERTY = "fuzz.seed";
    static final long DEFAULT_SEED = 20_261_204L;

    /** Largest error answer allowed: a problem document never grows with the input. */
    static final int MAX_ERROR_ANSWER_BYTES = 64 * 1024;
    /**
     * Largest answer with one entity: a story at its 20,000-character limit whose characters all need a 6-byte JSON
     * escape is 120 KB; lists, the metrics scrape and the dashboard's files are not bounded by this.
     */
    static final int MAX_ENTITY_ANSWER_BYTES = 512 * 1024;
    /** Reading stops here: anything longer has failed the size property already. */
    private static final int READ_CAP_BYTES = 4 * 1024 * 1024;
    /** The service must answer, or close, this soon after the client has sent all it will send. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    /** How long shrinking a failure may take; the smallest failing case found by then is reported. */
    static final Duration SHRINK_BUDGET = Duration.ofSeconds(20);
    private static final int SHRINK_CYCLES = 2_000;

    /** The service's endpoints: each generated case is counted against the one it targets. */
    static final Set<String> ENDPOINTS = Set.copyOf(FuzzCases.ENDPOINTS);

    private static final Pattern LEAK = Pattern.compile("Exception|\\bat [a-z]+\\.[\\w.$]+\\(|\\b(java|javax|jakarta"
            + "|kotlin|org\\.eclipse|org\\.postgresql|org\\.redisson|io\\.javalin|io\\.netty|com\\.fasterxml"
            + "|dev\\.taleweaver)\\.[a-z]\\w*\\.");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
    private final double scale = Double.parseDouble(System.getProperty("fuzz.scale", "1"));
    private final boolean survey = Boolean.getBoolean("fuzz.survey");
    private final String adminToken = "fuzz-" + UUID.randomUUID().toString().replace("-", "");

    private LiveService service;
    private int port;
    private FuzzCases cases;
    private final ErrorLog errorLog = new ErrorLog();
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<String, Integer> endpointsHit = new TreeMap<>();
    private final Map<String, Case> surveyed = new TreeMap<>();
    private final Map<String, String> surveyedWhy = new TreeMap<>();
    private long started;

    @BeforeAll
    void start() {
        service = LiveService.startWithAdminToken(adminToken);
        port = service.api().base().getPort();
        HttpApi api = service.api();
        String hero = Resource.HEROES.create(api, "Fuzz Hero", "en");
        String child = Resource.CHILDREN.create(api, "Fuzz Child", "en");
        ApiResponse story = api.post("/stories", Requests.story("Fuzz Story", child, hero, "en"));
        assertThat(story.status()).as("%s", story).isEqualTo(201);
        cases = new FuzzCases(new FuzzCases.Fixtures(hero, child, story.json().get("id").asText(), adminToken));
        errorLog.attach();
        started = System.nanoTime();
        System.out.printf("fuzz: seed %d (-D%s=%d repeats this run), scale %s%n", seed, SEED_PROPERTY, seed, scale);
    }

    @AfterAll
    void stop() {
        try {
            errorLog.detach();
            System.out.printf("fuzz: %d cases, %d endpoints in %d s%n", sent.get(),
                    endpointsHit.keySet().stream().filter(ENDPOINTS::contains).count(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            Map<String, Integer> others = new TreeMap<>(endpointsHit);
            others.keySet().removeAll(ENDPOINTS);
            Map<String, Integer> covered = new TreeMap<>(endpointsHit);
            covered.keySet().retainAll(ENDPOINTS);
            System.out.println("fuzz: cases per endpoint " + covered + ", " + others.values().stream()
                    .mapToInt(Integer::intValue).sum() + " cases on " + others.size() + " other methods and paths");
            if (survey) {
                System.out.println("fuzz survey: " + surveyed.size() + " kinds of failure");
                surveyed.forEach((kind, example) -> System.out.println("---- " + kind + "\n" + surveyedWhy.get(kind)
                        + "\nsmallest request: " + example));
            }
            if (service != null) {
                ApiResponse health = service.api().get("/health");
                assertThat(health.status()).as("the service's health after fuzzing: %s", health).isEqualTo(200);
                assertThat(serverErrorsInMetrics()).as("5xx answers counted in /metrics (sent or not)").isEmpty();
            }
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    @Order(1)
    void jsonBodiesOnEveryWriteEndpoint() {
        check("JSON bodies", 1, cases.jsonBodies(), 2_000);
    }

    @Test
    @Order(2)
    void queryStrings() {
        check("query strings", 2, cases.queries(), 500);
    }

    @Test
    @Order(3)
    void headersOnEveryEndpoint() {
        check("headers", 3, cases.headers(), 500);
    }

    @Test
    @Order(4)
    void rawFraming() {
        check("framing", 4, cases.framing(), 500);
    }

    /** Last: its DELETEs and PUTs on the fixtures' ids change what the other properties would reach. */
    @Test
    @Order(5)
    void methodsAndPathsOnEveryEndpoint() {
        check("methods and paths", 5, cases.methodsAndPaths(), 800);
    }

    private void check(String name, int index, Gen<Case> generator, int tries) {
        int examples = Math.max(1, (int) Math.round(tries * scale));
        long propertySeed = seed * 31 + index;
        Shrinking shrinking = new Shrinking();
        int before = sent.get();
        long start = System.nanoTime();
        try {
            qt().withFixedSeed(propertySeed).withExamples(examples).withShrinkCycles(SHRINK_CYCLES)
                    .forAll(generator).checkAssert(sample -> {
                        if (shrinking.overBudget()) {
                            return; // keeps the smallest failure found so far
                        }
                        try {
                            send(sample);
                        } catch (AssertionError e) {
                            if (survey) {
                                remember(sample, e);
                                return;
                            }
                            shrinking.failed();
                            throw e;
                        }
                    });
        } catch (AssertionError e) {
            throw new AssertionError(name + " failed; rerun exactly with -D" + SEED_PROPERTY + "=" + seed
                    + (scale == 1 ? "" : " -Dfuzz.scale=" + scale) + "\n" + e.getMessage(), e);
        } finally {
            System.out.printf("fuzz: %s: %d cases (%d tries, seed %d) in %d ms%n", name, sent.get() - before, examples,
                    propertySeed, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }

    /** Sends one case and checks every property of what came back. */
    private void send(Case sample) {
        sent.incrementAndGet();
        synchronized (endpointsHit) {
            endpointsHit.merge(endpoint(sample.route()), 1, Integer::sum);
        }
        int errorsBefore = errorLog.count();
        RawHttp.Exchange exchange;
        try {
            exchange = RawHttp.exchange(port, sample.wire(), ANSWER_TIMEOUT, READ_CAP_BYTES, sample.holdsOpen());
        } catch (IOException e) {
            throw new UncheckedIOException("could not connect to the service", e);
        }
        if (exchange.timedOut() && exchange.answers().isEmpty()) {
            throw new AssertionError("[hang] neither an answer nor a close within " + ANSWER_TIMEOUT.toSeconds()
                    + " s after the request was sent (" + exchange.bytesRead() + " bytes came)");
        }
        if ((sample.complete() || sample.holdsOpen()) && exchange.answers().isEmpty()) {
            throw new AssertionError("[no answer] the service closed the connection without answering");
        }
        boolean head = new String(sample.wire(), 0, Math.min(5, sample.wire().length), StandardCharsets.ISO_8859_1)
                .startsWith("HEAD ");
        try {
            exchange.answers().forEach(answer -> checkAnswer(sample, answer, head));
        } catch (AssertionError e) {
            throw errorLog.count() > errorsBefore
                    ? new AssertionError(e.getMessage() + "\nthe service logged: " + errorLog.last(), e) : e;
        }
        if (sample.holdsOpen() || exchange.timedOut()) {
            pause(); // the service notices the close only now: what it logs for it belongs to this case
        }
        int errors = errorLog.count() - errorsBefore;
        if (errors > 0) {
            throw new AssertionError("[ERROR log] the service logged " + errors + " line(s) at ERROR for a client's "
                    + "request, the last: " + errorLog.last());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void checkAnswer(Case sample, RawHttp.Answer answer, boolean head) {
        int status = answer.status();
        String what = describe(answer);
        if (status < 100) {
            throw new AssertionError("[not HTTP] the service sent something that is not an HTTP answer: " + what);
        }
        if (status >= 500) {
            throw new AssertionError("[5xx] " + what);
        }
        String type = String.valueOf(answer.header("Content-Type")).toLowerCase(Locale.ROOT);
        if (type.contains("json") && !isUtf8(answer.body())) {
            throw new AssertionError("[not UTF-8] JSON must be UTF-8 (RFC 8259): " + what);
        }
        boolean success = status < 300 || status == 304; // 304: a conditional GET (If-None-Match), no body
        if (!success && answer.body().length > MAX_ERROR_ANSWER_BYTES) {
            throw new AssertionError("[too large] an error answer of " + answer.body().length + " bytes: " + what);
        }
        if (success && answer.body().length > MAX_ENTITY_ANSWER_BYTES && !unboundedByDesign(sample.route())) {
            throw new AssertionError("[too large] an answer of " + answer.body().length + " bytes: " + what);
        }
        if (!success) {
            if (!type.startsWith("application/problem+json")) {
                throw new AssertionError("[not problem+json] " + what);
            }
            if (!head) {
                JsonNode problem = parse(answer.body());
                if (problem == null || problem.path("status").asInt() != status || problem.path("title").asText().isBlank()) {
                    throw new AssertionError("[bad problem] not a problem document of status " + status + ": " + what);
                }
            }
        }
        if ((type.contains("json") || !success) && LEAK.matcher(answer.text()).find()) {
            throw new AssertionError("[leak] a stack trace or Java class name in the answer: " + what);
        }
    }

    /** Collections grow with the data, the scrape with the metrics, the dashboard's files are what they are. */
    private static boolean unboundedByDesign(String route) {
        return route.matches("GET /(heroes|children|stories)") || route.contains("/metrics")
                || route.contains("/dashboard");
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(RawHttp.Answer answer) {
        return answer.status() + " " + answer.header("Content-Type") + " (" + answer.body().length + " bytes) "
                + FuzzCases.printable(answer.body(), 600);
    }

    /** The service endpoint a case's route names ("DELETE /admin/cache/hero" is "DELETE /admin/cache/{entity_type}"). */
    static String endpoint(String route) {
        return route.replace(" (framing)", "")
                .replaceFirst("^(DELETE /admin/cache/)(\\{id}|hero|child|story)$", "$1{entity_type}");
    }

    private void remember(Case sample, AssertionError e) {
        String message = String.valueOf(e.getMessage());
        int thrown = message.indexOf(" — "); // the exception the service logged, if it logged one
        String cause = thrown < 0 ? "" : message.substring(thrown + 3).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}|\\d+", "#");
        String kind = message.substring(0, message.indexOf(']') + 1) + " " + sample.route() + " "
                + cause.substring(0, Math.min(cause.length(), 110));
        Case known = surveyed.get(kind);
        if (known == null || sample.wire().length < known.wire().length) {
            surveyed.put(kind, sample);
            surveyedWhy.put(kind, message.length() > 1500 ? message.substring(0, 1500) + "…" : message);
        }
    }

    /** The {@code http_server_requests} series of /metrics with a 5xx status. */
    private List<String> serverErrorsInMetrics() {
        ApiResponse metrics = service.api().get("/metrics");
        assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
        return metrics.body().lines().filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .filter(line -> line.matches(".*status=\"5\\d\\d\".*")).toList();
    }

    /** Stops spending requests on shrinking once a failure has been shrunk for {@link #SHRINK_BUDGET}. */
    private static final class Shrinking {
        private long firstFailure;

        void failed() {
            if (firstFailure == 0) {
                firstFailure = System.nanoTime();
            }
        }

        boolean overBudget() {
            return firstFailure != 0 && System.nanoTime() - firstFailure > SHRINK_BUDGET.toNanos();
        }
    }

    /** Counts the JVM's ERROR log events (the service runs in this JVM) and keeps the last one's text. */
    private static final class ErrorLog extends AppenderBase<ILoggingEvent> {
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final AtomicInteger count = new AtomicInteger();
        private volatile String last = "";

        void attach() {
            setContext(root.getLoggerContext());
            setName("fuzz-errors");
            start();
            root.addAppender(this);
        }

        void detach() {
            root.detachAppender(this);
            stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                String text = event.getLoggerName() + ": " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " — " + event.getThrowableProxy().getClassName()
                        + ": " + event.getThrowableProxy().getMessage());
                last = text.length() > 600 ? text.substring(0, 600) + "…" : text;
                count.incrementAndGet();
            }
        }

        int count() {
            return count.get();
        }

        String last() {
            return last;
        }
    }
}
