package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DirectReads} answers exactly what Javalin's routes answer: every request of a corpus (plain item reads and
 * pages, 304s, failures, compressed and chunked answers on either side of each size bound, and every shape of path
 * and header it must leave to Javalin) is sent, byte for
 * byte, to a server with direct reads and to its twin without, over the same services and data; status, headers
 * (but the date and the fresh request id) and body bytes must be the same, and so must what the metrics are told.
 */
class DirectReadsTest {
    private final List<String> directSeen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> javalinSeen = Collections.synchronizedList(new ArrayList<>());
    private TestApi api;
    private String heroId;
    private String childId;
    private String storyId;
    private String longStoryId;
    private String heroTag;

    @BeforeEach
    void start() {
        api = TestApi.builder()
                .observer((method, route, status, nanos) -> directSeen.add(method + " " + route + " " + status))
                .twin((method, route, status, nanos) -> javalinSeen.add(method + " " + route + " " + status))
                .start();
        heroId = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
        childId = api.create("/children", Bodies.mia()).get("id").asText();
        storyId = api.create("/stories", Bodies.story("The Moon Trip", childId, heroId, "en")).get("id").asText();
        JsonNode longStory = api.create("/stories", Bodies.story("The Long Trip", childId, heroId, "en")
                .replace("Once upon a time…", "Once upon a time… ".repeat(200).strip()));
        longStoryId = longStory.get("id").asText();
        heroTag = api.get("/heroes/" + heroId).header("ETag");
        awaitObservation(directSeen, 4);
        directSeen.clear();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void plainReadsAreAnsweredInFrontOfJavalinAndAnsweredTheSame() throws IOException {
        for (String path : List.of("/heroes/" + heroId, "/children/" + childId, "/stories/" + storyId,
                "/heroes/" + heroId.toUpperCase(Locale.ROOT))) {
            assertSameAnswer("GET " + path + " HTTP/1.1\r\n");
        }
        assertThat(directSeen).containsExactly("GET /heroes/{id} 200", "GET /children/{id} 200",
                "GET /stories/{id} 200", "GET /heroes/{id} 200");
    }

    @Test
    void conditionalReadsAreAnsweredTheSame() throws IOException {
        String path = "/heroes/" + heroId;
        for (String ifNoneMatch : List.of(heroTag, "W/" + heroTag, "*", "\"other\", " + heroTag, "\"other\"",
                "", "garbage")) {
            assertSameAnswer("GET " + path + " HTTP/1.1\r\nIf-None-Match: " + ifNoneMatch + "\r\n");
        }
    }

    @Test
    void failuresAreHandedToJavalinsProblemHandlers() throws IOException {
        for (String path : List.of("/heroes/" + childId, "/children/" + heroId, "/stories/nope", "/heroes/x",
                "/heroes/" + "a".repeat(DirectReads.MAX_ID_CHARS),
                "/children/00000000-0000-0000-0000-000000000000")) {
            assertSameAnswer("GET " + path + " HTTP/1.1\r\n");
        }
        assertThat(directSeen).hasSize(6).allMatch(seen -> seen.endsWith(" 400") || seen.endsWith(" 404"));
    }

    @Test
    void answersJavalinCompressesAreHandedOverWithTheirRead() throws IOException {
        assertSameAnswer("GET /stories/" + longStoryId + " HTTP/1.1\r\nAccept-Encoding: gzip\r\n");
        assertSameAnswer("GET /stories/" + longStoryId + " HTTP/1.1\r\n");
        assertSameAnswer("GET /heroes/" + heroId + " HTTP/1.1\r\nAccept-Encoding: gzip\r\n");
    }

    @Test
    void pagesAreAnsweredInFrontOfJavalinAndAnsweredTheSame() throws IOException {
        api.create("/heroes", Bodies.hero("Luna", "fr"));
        String next = api.get("/heroes?limit=1").json().get("next_cursor").asText();
        forgetSetUp(2);
        List<String> targets = List.of("/heroes", "/heroes?limit=1", "/heroes?limit=1&cursor=" + next,
                "/heroes?language=fr&limit=1", "/heroes?limit=1&language=en", "/heroes?language=de",
                "/heroes?limit=1&&language=%65n", "/heroes?", "/children?limit=500",
                "/stories?child_id=" + childId + "&limit=1", "/stories?hero_id=" + heroId + "&limit=2",
                "/stories?language=en&child_id=" + childId);
        for (String target : targets) {
            assertSameAnswer("GET " + target + " HTTP/1.1\r\n");
        }
        assertThat(directSeen).hasSize(targets.size()).allMatch(seen -> seen.matches("GET /\\w+ 200"));
    }

    @Test
    void conditionalPagesAreAnsweredTheSame() throws IOException {
        TestApi.Reply page = api.get("/heroes?limit=1");
        forgetSetUp(1);
        for (String ifNoneMatch : List.of(page.header("ETag"), "W/" + page.header("ETag"), "*", "\"other\"")) {
            assertSameAnswer("GET /heroes?limit=1 HTTP/1.1\r\nIf-None-Match: " + ifNoneMatch + "\r\n");
        }
    }

    @Test
    void pagesAQueryOfWhichIsRefusedAreHandedToJavalinsProblemHandlers() throws IOException {
        List<String> queries = List.of("limit=0", "limit=501", "limit=x", "limit=1&limit=2", "cursor=bad",
                "cursor=" + "A".repeat(80), "colour=blue", "language=%zz", "language=xx-yy-zz", "=1",
                "hero_id=" + heroId + "&child_id=" + childId);
        for (String query : queries) {
            assertSameAnswer("GET /heroes?" + query + " HTTP/1.1\r\n");
        }
        assertSameAnswer("GET /stories?child_id=X% HTTP/1.1\r\n");
        assertThat(directSeen).hasSize(queries.size() + 1).allMatch(seen -> seen.endsWith(" 400"));
    }

    /**
     * On either side of the size from which answers are gzipped ({@link AnswerEncoding#COMPRESS_FROM}) and of Jetty's
     * output buffer (32 KiB), for clients that accept gzip in several ways and for those that do not; an item and a
     * page are answered alike.
     */
    @Test
    void answersAreTheSameOnEitherSideOfEachSizeBound() throws IOException {
        int compressFrom = AnswerEncoding.COMPRESS_FROM;
        int buffer = 32 * 1024;
        List<String> stories = new ArrayList<>();
        for (int size : List.of(compressFrom - 1, compressFrom, buffer - 1, buffer, buffer + 1)) {
            String story = "/stories/" + storyOfJsonBytes(size);
            assertThat(api.get(story).body().getBytes(StandardCharsets.UTF_8)).hasSize(size);
            stories.add(story);
        }
        forgetSetUp(3 * stories.size());
        for (String story : stories) {
            assertSameAnswer("GET " + story + " HTTP/1.1\r\n");
            assertSameAnswer("GET " + story + " HTTP/1.1\r\nAccept-Encoding: gzip\r\n");
            assertSameAnswer("GET " + story + " HTTP/1.1\r\nAccept-Encoding: identity\r\n");
            assertSameAnswer("GET " + story + " HTTP/1.1\r\nAccept-Encoding: deflate, gzip, br, zstd\r\n");
            assertSameAnswer("GET " + story + " HTTP/1.1\r\nAccept-Encoding: gzip;q=0, *\r\n");
        }
        assertSameAnswer("GET /stories?limit=500 HTTP/1.1\r\n"); // every story above: more than 32 KiB
        assertSameAnswer("GET /stories?limit=500 HTTP/1.1\r\nAccept-Encoding: gzip, br\r\n");
        assertSameAnswer("GET /stories?limit=1 HTTP/1.1\r\nAccept-Encoding: gzip\r\n");
    }

    /** Creates a story whose {@code GET} answers exactly {@code size} bytes (three-byte euro signs make it long). */
    private String storyOfJsonBytes(int size) {
        String probe = api.create("/stories", Bodies.story("Sized", childId, heroId, "en")).toString();
        int around = probe.getBytes(StandardCharsets.UTF_8).length
                - "Once upon a time…".getBytes(StandardCharsets.UTF_8).length;
        int contentBytes = size - around;
        int euros = Math.min(contentBytes / 3, 19_000);
        String content = "€".repeat(euros) + "x".repeat(contentBytes - 3 * euros);
        return api.create("/stories", Bodies.story("Sized", childId, heroId, "en")
                .replace("Once upon a time…", content)).get("id").asText();
    }

    @Test
    void everyOtherShapeOfRequestIsLeftToJavalin() throws IOException {
        String item = "/heroes/" + heroId;
        for (String head : List.of(
                "HEAD " + item + " HTTP/1.1\r\n",
                "OPTIONS " + item + " HTTP/1.1\r\n",
                "DELETE /heroes/" + "a".repeat(70) + " HTTP/1.1\r\n",
                "get " + item + " HTTP/1.1\r\n",
                "GET " + item + "?x=1 HTTP/1.1\r\n",
                "GET " + item + "? HTTP/1.1\r\n",
                "GET " + item + "/ HTTP/1.1\r\n",
                "GET " + item + ";p=1 HTTP/1.1\r\n",
                "GET /heroes/" + heroId.replace("a", "%61") + " HTTP/1.1\r\n",
                "GET /heroes/%zz HTTP/1.1\r\n",
                "GET /heroes//" + heroId + " HTTP/1.1\r\n",
                "GET /heroes/./" + heroId + " HTTP/1.1\r\n",
                "GET /Heroes/" + heroId + " HTTP/1.1\r\n",
                "GET /heroes/" + "a".repeat(DirectReads.MAX_ID_CHARS + 1) + " HTTP/1.1\r\n",
                "GET /heroes/ HTTP/1.1\r\n",
                "GET /heroes/?limit=1 HTTP/1.1\r\n",
                "HEAD /heroes?limit=1 HTTP/1.1\r\n",
                "POST /heroes?limit=1 HTTP/1.1\r\nContent-Length: 0\r\n",
                "GET /heroes;p=1 HTTP/1.1\r\n",
                "GET /her%6fes HTTP/1.1\r\n",
                "GET /Heroes?limit=1 HTTP/1.1\r\n",
                "GET /heroes?limit=1 HTTP/1.1\r\nOrigin: https://elsewhere.example\r\n",
                "GET /nothing/" + heroId + " HTTP/1.1\r\n",
                "GET /stories/" + storyId + "/rating HTTP/1.1\r\n",
                "GET http://127.0.0.1" + item + " HTTP/1.1\r\n",
                "GET " + item + " HTTP/1.0\r\n",
                "GET " + item + " HTTP/1.1\r\nOrigin: https://elsewhere.example\r\n")) {
            assertSameAnswer(head);
        }
    }

    /** Waits for the observations of {@code requests} made to set a test up, and forgets them. */
    private void forgetSetUp(int requests) {
        awaitObservation(directSeen, requests - 1);
        directSeen.clear();
    }

    /** Sends {@code head} (a request line and headers, without Host and the blank line) to both servers. */
    private void assertSameAnswer(String head) throws IOException {
        javalinSeen.clear();
        int before = directSeen.size();
        String direct = exchange(api.port, head);
        String javalin = exchange(api.twinPort, head);
        assertThat(direct).as("direct reads' answer to %s", head).isEqualTo(javalin);
        awaitObservation(directSeen, before);
        awaitObservation(javalinSeen, 0);
        assertThat(directSeen.subList(before, directSeen.size())).as("what the metrics were told of %s", head)
                .isEqualTo(javalinSeen);
    }

    /** Javalin tells the observer once the answer is on its way: the client may have it a moment before. */
    private static void awaitObservation(List<String> seen, int before) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (seen.size() <= before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** The answer as text: status line, headers sorted by name (but Date and X-Request-Id), body bytes. */
    private static String exchange(int port, String head) throws IOException {
        byte[] answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            answer = in.readAllBytes();
        }
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].substring(0, lines[i].indexOf(':')).toLowerCase(Locale.ROOT);
            if (!name.equals("date") && !name.equals("x-request-id")) {
                headers.merge(name, lines[i].substring(lines[i].indexOf(':') + 1).strip(), (a, b) -> a + "|" + b);
            }
        }
        String body = text.substring(end + 4).replaceAll("\"reference\":\"[0-9a-f-]{36}\"", "\"reference\":…");
        return lines[0] + "\n" + headers + "\n" + body;
    }
}
