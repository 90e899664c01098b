package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AnswerEncoding}: which clients get gzip (RFC 9110's reading of {@code Accept-Encoding}), and what a gzipped
 * answer looks like on both ways in (a page in front of Javalin, a page through it with a trailing slash, HEAD).
 */
class AnswerEncodingTest {
    private TestApi api;

    @BeforeEach
    void start() {
        api = TestApi.start();
        for (int i = 0; i < 20; i++) {
            api.create("/heroes", Bodies.captainWonder());
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "GZIP", "x-gzip", "deflate, gzip, br, zstd", "gzip;q=0.5, identity", "*",
        "br;q=1, *;q=0.1", "identity;q=1, gzip;q=0.001", "gzip ; q=1.0"})
    void theseAcceptGzip(String accepted) {
        assertThat(AnswerEncoding.acceptsGzip(accepted)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"identity", "br", "deflate, br", "gzip;q=0", "GZIP;Q=0.000", "*;q=0", "gzip;q=0, *",
        "gzip;q=nonsense", "gzipped", ",", ";q=1"})
    void theseDoNot(String accepted) {
        assertThat(AnswerEncoding.acceptsGzip(accepted)).isFalse();
    }

    @Test
    void aLongAnswerIsGzippedOnceAndTheSameBytesAreKept() throws IOException {
        byte[] json = "{\"text\":\"once upon a time\"}".repeat(100).getBytes(StandardCharsets.UTF_8);
        RenderedJson.Rendered rendered = RenderedJson.Rendered.of(json);

        assertThat(rendered.gzipped()).isSameAs(rendered.gzipped());
        assertThat(gunzip(rendered.gzipped())).isEqualTo(json);
        assertThat(AnswerEncoding.gzips(rendered, "gzip")).isTrue();
        RenderedJson.Rendered shortOne = RenderedJson.Rendered.of(new byte[AnswerEncoding.COMPRESS_FROM - 1]);
        assertThat(AnswerEncoding.varies(shortOne)).isFalse();
        assertThat(AnswerEncoding.gzips(shortOne, "gzip")).isFalse();
    }

    @Test
    void aPageIsGzippedWithItsLengthAndTagForAClientThatAcceptsItAndVariesEitherWay() throws Exception {
        String plain = api.get("/heroes?limit=20").body();
        TestApi.Reply identity = api.get("/heroes?limit=20");
        for (String path : new String[] {"/heroes?limit=20", "/heroes/?limit=20"}) { // in front of Javalin, through it
            HttpResponse<byte[]> gzipped = getBytes(path, "deflate, gzip, br, zstd");

            assertThat(gzipped.statusCode()).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding")).as(path).contains("gzip");
            assertThat(gzipped.headers().firstValue("Vary")).contains("Accept-Encoding");
            assertThat(gzipped.headers().firstValue("Content-Length")).contains(
                    Integer.toString(gzipped.body().length));
            assertThat(gzipped.body().length).isLessThan(plain.length() / 3);
            assertThat(new String(gunzip(gzipped.body()), StandardCharsets.UTF_8)).isEqualTo(plain);
            assertThat(gzipped.headers().firstValue("ETag")).contains(identity.header("ETag"));
        }
        assertThat(identity.header("Content-Encoding")).isNull();
        assertThat(identity.header("Vary")).isEqualTo("Accept-Encoding");

        HttpResponse<byte[]> head = api.client().send(HttpRequest.newBuilder(api.uri("/heroes?limit=20"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aConditionalReadOfAGzippedAnswerIs304WithoutABody() throws Exception {
        String tag = api.get("/heroes?limit=20").header("ETag");
        HttpResponse<byte[]> notModified = api.client().send(HttpRequest.newBuilder(api.uri("/heroes?limit=20"))
                .header("Accept-Encoding", "gzip").header("If-None-Match", tag).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("Vary")).contains("Accept-Encoding");
    }

    private HttpResponse<byte[]> getBytes(String path, String accepted) throws Exception {
        return api.client().send(HttpRequest.newBuilder(api.uri(path)).header("Accept-Encoding", accepted).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
