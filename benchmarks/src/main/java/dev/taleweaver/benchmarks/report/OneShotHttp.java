package dev.taleweaver.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP exchange on a connection of its own, closed when it returns ({@code Connection: close}, so neither side
 * keeps it). For the few requests a load test sends beside its load (cache counters, preparing an endpoint): the
 * JDK's {@code HttpClient} keeps its connections open after use (up to its keep-alive timeout, and Java 17 cannot
 * close a client), and each would count as one more client connection in bin/gatling.sh's check that a simulation
 * holds no more than its cap. The JDK's {@code HttpURLConnection} does the HTTP.
 */
public final class OneShotHttp {
    /** Status and body of an answer. */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private OneShotHttp() {
    }

    /** {@code method} {@code baseUrl + path}, with {@code headers} and {@code body} (null: none). */
    public static Answer exchange(String baseUrl, String method, String path, Map<String, String> headers,
                                  byte[] body, Duration timeout) throws IOException {
        URI uri = URI.create(baseUrl + path);
        if (!"http".equals(uri.getScheme())) {
            throw new IOException("only http:// is supported, got " + uri);
        }
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setUseCaches(false);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Connection", "close");
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Answer(status, in == null ? new byte[0] : readAll(in));
        } finally {
            connection.disconnect();
        }
    }

    /** {@code GET}, with an optional bearer token (null: none). */
    public static Answer get(String baseUrl, String path, String bearer, Duration timeout) throws IOException {
        return exchange(baseUrl, "GET", path, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer),
                null, timeout);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
