package dev.taleweaver.bootstrap.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A request the server is provably in the middle of handling: sent with {@code Expect: 100-continue}, so the server
 * answers "100 Continue" only once its handler starts reading the body — and the body is held back until the test
 * says so. This lines up "a request in flight" with another event (such as SIGTERM) without any sleep.
 */
public final class HeldRequest implements AutoCloseable {
    private final Socket socket;
    private final byte[] body;
    private final String interim;

    private HeldRequest(Socket socket, byte[] body, String interim) {
        this.socket = socket;
        this.body = body;
        this.interim = interim;
    }

    /** Sends the head of a JSON request and returns once the server's handler is waiting for its body. */
    public static HeldRequest open(int port, String method, String path, String json, Duration timeout)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        try {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            String head = method + " " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Expect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String interim = readHead(socket.getInputStream());
            if (!interim.startsWith("HTTP/1.1 100")) {
                throw new AssertionError("expected 100 Continue, the server answered: " + interim);
            }
            return new HeldRequest(socket, body, interim);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** The "100 Continue" head that proved the handler was running. */
    public String interim() {
        return interim;
    }

    /** Sends the body and returns the final response, head and body, as text. */
    public String finish() throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(body);
        out.flush();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(rest);
        return rest.toString(StandardCharsets.UTF_8);
    }

    /** The status code of a response's text ({@code HTTP/1.1 201 Created ...} → 201). */
    public static int status(String response) {
        String[] statusLine = response.lines().findFirst().orElse("").split(" ");
        if (statusLine.length < 2) {
            throw new AssertionError("no HTTP status line in: " + response);
        }
        return Integer.parseInt(statusLine[1]);
    }

    /** Reads one response head, up to and including the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
