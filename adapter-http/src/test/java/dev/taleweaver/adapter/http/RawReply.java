package dev.taleweaver.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 answer read off a raw socket, for tests that must control exactly what is written and when (no client
 * library that reads early or retries). {@link #exchange} sends one POST on a fresh socket, written the way simple
 * clients write it: the whole body, then read the answer. A reset anywhere fails with the IOException.
 */
record RawReply(int status, Map<String, String> headers, byte[] body, boolean bodySent) {
    String text() {
        return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
    }

    static RawReply exchange(int port, byte[] body, boolean chunked, boolean expectContinue) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder("POST /heroes HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\n");
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            if (expectContinue) {
                head.append("Expect: 100-continue\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (expectContinue) {
                RawReply interim = read(in, false);
                if (interim.status != 100) {
                    return interim;
                }
            }
            int step = 16 * 1024;
            for (int at = 0; at < body.length; at += step) {
                int length = Math.min(step, body.length - at);
                if (chunked) {
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(body, at, length);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return read(in, true);
        }
    }

    static RawReply read(InputStream in, boolean bodySent) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).strip());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (status == 100) {
            return new RawReply(status, headers, new byte[0], bodySent);
        }
        if (headers.containsKey("content-length")) {
            content.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).strip(), 16); size > 0;
                 size = Integer.parseInt(line(in).strip(), 16)) {
                content.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else {
            content.write(in.readAllBytes());
        }
        return new RawReply(status, headers, content.toByteArray(), bodySent);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line after " + Arrays.toString(line.toByteArray()));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
