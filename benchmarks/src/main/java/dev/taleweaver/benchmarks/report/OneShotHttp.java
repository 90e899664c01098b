package dev.taleweaver.benchmarks.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * One HTTP/1.0 exchange on a connection of its own, closed when it returns. For the few requests a load test sends
 * beside its load (cache counters, preparing an endpoint): the JDK's {@code HttpClient} keeps its connections open
 * after use (up to its keep-alive timeout, and Java 17 cannot close a client), and each would count as one more
 * client connection in bin/gatling.sh's check that a simulation holds no more than its cap.
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
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target.isEmpty() ? "/" : target).append(" HTTP/1.0\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            socket.connect(new InetSocketAddress(uri.getHost(), port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** {@code GET}, with an optional bearer token (null: none). */
    public static Answer get(String baseUrl, String path, String bearer, Duration timeout) throws IOException {
        return exchange(baseUrl, "GET", path, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer),
                null, timeout);
    }

    static Answer parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete HTTP answer (" + raw.length + " bytes)");
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        String[] status = head.split("\r\n", 2)[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + head.split("\r\n", 2)[0]);
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                int length = Integer.parseInt(line.substring(15).strip());
                if (length < body.length) {
                    body = Arrays.copyOf(body, length);
                }
            }
        }
        return new Answer(Integer.parseInt(status[1]), body);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
