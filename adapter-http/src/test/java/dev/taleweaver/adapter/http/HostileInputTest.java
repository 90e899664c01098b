package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.domain.common.ValidationException;
import io.javalin.config.JavalinConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static dev.taleweaver.adapter.http.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded work and bounded answers: the worst bodies we can think of ({@link HostileBodies}) each get a small
 * problem+json answer, and serving them costs each request a bounded number of allocated bytes, even 32 at a time.
 * No assertion here is about time: the machine running the build may be busy.
 */
class HostileInputTest {
    /** Largest error answer any body may get: 20 listed problems with clipped fields and messages fit well within. */
    static final int ANSWER_MAX_BYTES = 8 * 1024;

    /**
     * Bytes a request may allocate on the thread serving it: generous (64× the 256 KiB body; reading it costs about
     * 0.8 MB, the worst body here about 3 MB) but far below what listing 130,000 problems cost (over 70 MB).
     */
    private static final long ALLOCATED_MAX_BYTES = 16L * 1024 * 1024;

    private final AllocationMeter meter = new AllocationMeter();
    private final TestApi api = TestApi.builder().routes(meter).start();
    private final Map<String, Map<String, String>> hostile = hostileBodies();

    @AfterEach
    void stop() {
        api.close();
    }

    @TestFactory
    Stream<DynamicTest> everyHostileBodyGetsASmallProblemAnswer() {
        List<DynamicTest> tests = new ArrayList<>();
        hostile.forEach((target, bodies) -> bodies.forEach((name, body) ->
                tests.add(DynamicTest.dynamicTest(target + ": " + name, () -> {
                    assertThat(body.getBytes(StandardCharsets.UTF_8).length)
                            .as("the body fits the request limit, so it is parsed")
                            .isLessThanOrEqualTo((int) HttpConfig.DEFAULT_MAX_REQUEST_BYTES);
                    TestApi.Reply reply = send(target, body);
                    assertThat(reply.body().getBytes(StandardCharsets.UTF_8).length)
                            .as("answer size of %s", clip(reply.body())).isLessThan(ANSWER_MAX_BYTES);
                    assertThat(reply.status()).as("status of %s", clip(reply.body())).isIn(400, 413);
                    assertProblem(reply, reply.status());
                }))));
        return tests.stream();
    }

    @Test
    void aListOf130000ItemsIsOneProblemAboutItsSize() {
        TestApi.Reply reply = send("POST /heroes", hostile.get("POST /heroes")
                .get("130,000 numbers in a list"));

        JsonNode problem = assertProblem(reply, 400, "personality_traits");
        assertThat(fields(problem)).containsExactly("personality_traits");
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("must have at most 20 items");
    }

    @Test
    void tenThousandUnknownFieldsAreTwentyListedAndTheRestCounted() {
        assertTwentyListedOf(10_000, "POST /children", "10,000 unknown fields");
    }

    @Test
    void everyInvalidItemOfEveryListIsCountedButOnlyTwentyListed() {
        JsonNode problem = assertTwentyListedOf(60, "POST /heroes", "every list full of invalid items");

        assertThat(fields(problem)).startsWith("personality_traits[0]");
    }

    @Test
    void aProblemFoundInTheBodyIsNotCountedAgainByTheDomain() {
        String nuls = "[" + String.join(",", Collections.nCopies(20, "\"\\u0000\"")) + "]";
        TestApi.Reply reply = api.post("/children", """
                {"name": "\\u200b", "age": "six", "gender": 1, "interests": %s, "language": ["en"]}"""
                .formatted(nuls));

        JsonNode problem = assertProblem(reply, 400, "age");
        // age, gender and language wrong in the body (each once, though the domain sees them missing); name and
        // the 20 interests by the domain's rules, which then have more than 20 problems to report
        assertThat(problem.get("detail").asText()).isEqualTo("24 problems; the first 20 are listed.");
    }

    @Test
    void clientFieldNamesAreClippedInTheAnswer() {
        JsonNode problem = assertTwentyListedOf(1_000, "POST /heroes", "unknown fields with 200-character names");

        for (String field : fields(problem)) {
            assertThat(field.length()).isLessThanOrEqualTo(JsonPaths.NAME_MAX + 1);
        }
    }

    @Test
    void aFieldNameOverTheParserLimitIsAMalformedBody() {
        TestApi.Reply reply = send("POST /heroes", hostile.get("POST /heroes")
                .get("unknown fields with 1,000-character names"));

        JsonNode problem = assertProblem(reply, 400, "https://taleweaver.dev/problems/malformed-body");
        assertThat(problem.get("detail").asText()).contains("Name length", "exceeds the maximum allowed (256)");
    }

    /**
     * 32 of the worst bodies at once against the server in this JVM: every answer small and a problem, each request's
     * allocations (measured on the thread serving it) bounded, and the service healthy afterwards.
     */
    @Test
    void thirtyTwoHostileBodiesInParallelStayWithinBoundedMemory() throws Exception {
        List<Callable<TestApi.Reply>> requests = new ArrayList<>();
        Map<String, String> heroes = hostile.get("POST /heroes");
        List<String> worst = List.of("130,000 numbers in a list", "85,000 empty strings in a list",
                "28,000 NULs in a list", "10,000 unknown fields", "everything wrong at once",
                "deeply nested arrays in an unknown field", "36,000 unpaired surrogates", "a 200,000-digit number");
        for (int i = 0; i < 32; i++) {
            String body = heroes.get(worst.get(i % worst.size()));
            requests.add(() -> send("POST /heroes", body));
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (Future<TestApi.Reply> answer : pool.invokeAll(requests)) {
                TestApi.Reply reply = answer.get();
                assertThat(reply.status()).as(clip(reply.body())).isEqualTo(400);
                assertThat(reply.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(ANSWER_MAX_BYTES);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(meter.measured).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Collections.max(meter.measured)).as("bytes allocated by the worst request")
                .isLessThan(ALLOCATED_MAX_BYTES);
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    /** The hostile bodies for a hero, a child and a story that exist. */
    private Map<String, Map<String, String>> hostileBodies() {
        String hero = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
        String child = api.create("/children", Bodies.mia()).get("id").asText();
        String story = api.create("/stories", Bodies.story("The Moon", child, hero, "en")).get("id").asText();
        return HostileBodies.all(hero, child, story);
    }

    /** Sends the hostile body {@code name} to {@code target}: a 400 listing 20 problems and counting {@code total}. */
    private JsonNode assertTwentyListedOf(int total, String target, String name) {
        JsonNode problem = assertProblem(send(target, hostile.get(target).get(name)), 400);
        assertThat(problem.get("errors")).hasSize(ValidationException.MAX_LISTED);
        assertThat(problem.get("detail").asText()).isEqualTo(total + " problems; the first 20 are listed.");
        return problem;
    }

    private TestApi.Reply send(String target, String body) {
        String[] methodAndPath = target.split(" ", 2);
        return api.send(methodAndPath[0], methodAndPath[1], body, "application/json");
    }

    private static String clip(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    /** Bytes each request allocates on the thread that serves it, from the first before-handler to the last after. */
    private static final class AllocationMeter implements HttpRoutes {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private static final String START = "test.allocated-bytes-at-start";

        final List<Long> measured = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void register(JavalinConfig config) {
            config.routes.before(ctx -> ctx.attribute(START, THREADS.getCurrentThreadAllocatedBytes()));
            config.routes.after(ctx -> {
                Long start = ctx.attribute(START);
                if (start != null) {
                    measured.add(THREADS.getCurrentThreadAllocatedBytes() - start);
                }
            });
        }
    }
}
