package dev.taleweaver.bootstrap.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: no client library normalises the path, refuses a bad
 * percent-encoding, or fixes a Content-Length. Each exchange is one connection: the request is written, the
 * sending side shut (so a server waiting for more body sees the end at once), and everything the server sends
 * until it closes is read and split into answers.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** One answer of the server; {@code body} already de-chunked. Header names are lower case. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What came back on one connection: the answers in order (none if the server closed without one). */
    record Exchange(List<Answer> answers, boolean timedOut, int bytesRead) {
    }

    /** A request with the usual head ({@code Host}, {@code Connection: close}, a correct Content-Length). */
    static byte[] request(String method, String target, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n").append("Connection: close\r\n");
        headers.forEach(header -> head.append(header).append("\r\n"));
        if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.UTF_8), body);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * Sends {@code wire} and reads until the server closes, at most {@code maxBytes} (the rest is left unread: an
     * answer that long fails the size property anyway) or until {@code timeout} passes without a byte.
     */
    static Exchange exchange(int port, byte[] wire, Duration timeout, int maxBytes) throws IOException {
        return exchange(port, wire, timeout, maxBytes, false);
    }

    /** As above; with {@code holdOpen} the sending side stays open, as a client still about to send would keep it. */
    static Exchange exchange(int port, byte[] wire, Duration timeout, int maxBytes, boolean holdOpen)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            try {
                OutputStream out = socket.getOutputStream();
                out.write(wire);
                out.flush();
                if (!holdOpen) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer and close before taking the whole request (an early 400, 413 or 431):
                // what it sent is still to be read
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean timedOut = false;
            try {
                readUpTo(socket.getInputStream(), received, maxBytes);
            } catch (SocketTimeoutException e) {
                timedOut = true;
            } catch (IOException e) {
                // connection reset after (or instead of) an answer: keep what arrived
            }
            byte[] bytes = received.toByteArray();
            return new Exchange(parse(bytes), timedOut, bytes.length);
        }
    }

    private static void readUpTo(InputStream in, ByteArrayOutputStream into, int maxBytes) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while (into.size() < maxBytes && (n = in.read(buffer, 0, Math.min(buffer.length, maxBytes - into.size()))) >= 0) {
            into.write(buffer, 0, n);
        }
    }

    /** Splits a byte stream into answers; 1xx interim answers are skipped; a cut-off last answer keeps what came. */
    static List<Answer> parse(byte[] bytes) {
        List<Answer> answers = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int headEnd = indexOf(bytes, at, "\r\n\r\n");
            if (headEnd < 0) {
                answers.add(new Answer(statusOf(new String(bytes, at, bytes.length - at, StandardCharsets.ISO_8859_1)),
                        Map.of(), new byte[0]));
                break;
            }
            String head = new String(bytes, at, headEnd - at, StandardCharsets.ISO_8859_1);
            Map<String, String> headers = headers(head);
            int status = statusOf(head);
            at = headEnd + 4;
            if (status >= 100 && status < 200) {
                continue;
            }
            byte[] body;
            String length = headers.get("content-length");
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
                ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                at = dechunk(bytes, at, decoded);
                body = decoded.toByteArray();
            } else if (length != null && length.strip().matches("\\d{1,9}")) {
                int end = Math.min(bytes.length, at + Integer.parseInt(length.strip()));
                body = java.util.Arrays.copyOfRange(bytes, at, end);
                at = end;
            } else {
                body = java.util.Arrays.copyOfRange(bytes, at, bytes.length);
                at = bytes.length;
            }
            answers.add(new Answer(status, headers, decoded(headers.get("content-encoding"), body)));
        }
        return answers;
    }

    /** A gzip body inflated (at most 8 MiB), so the properties see what the client would; others as they are. */
    private static byte[] decoded(String encoding, byte[] body) {
        if (encoding == null || !encoding.strip().equalsIgnoreCase("gzip")) {
            return body;
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(body))) {
            return in.readNBytes(8 * 1024 * 1024);
        } catch (IOException e) {
            return body; // not gzip after all: checked as sent
        }
    }

    private static int dechunk(byte[] bytes, int at, ByteArrayOutputStream into) {
        while (at < bytes.length) {
            int lineEnd = indexOf(bytes, at, "\r\n");
            if (lineEnd < 0) {
                return bytes.length;
            }
            String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                return bytes.length;
            }
            at = lineEnd + 2;
            if (size == 0) {
                int trailerEnd = indexOf(bytes, at, "\r\n");
                return trailerEnd < 0 ? bytes.length : trailerEnd + 2;
            }
            int end = Math.min(bytes.length, at + size);
            into.write(bytes, at, end - at);
            at = Math.min(bytes.length, end + 2);
        }
        return at;
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** The status of a head starting {@code HTTP/1.1 404 ...}; -1 when the server sent something else. */
    private static int statusOf(String head) {
        String[] parts = head.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int indexOf(byte[] bytes, int from, String what) {
        byte[] needle = what.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
