package dev.taleweaver.benchmarks.report;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OneShotHttpTest {

    @Test
    void sendsHeadersAndBodyAndReadsStatusAndBody() throws IOException {
        String[] connection = new String[1];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            connection[0] = exchange.getRequestHeaders().getFirst("Connection");
            byte[] out = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + auth + " "
                    + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            OneShotHttp.Answer answer = OneShotHttp.exchange(base, "POST", "/echo?x=1",
                    Map.of("Authorization", "Bearer t"), "hello".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.text()).isEqualTo("POST /echo?x=1 Bearer t hello");
            assertThat(OneShotHttp.get(base, "/missing", null, Duration.ofSeconds(5)).status()).isEqualTo(404);
            assertThat(connection[0]).as("the server was told to close the connection").isEqualTo("close");
        } finally {
            server.stop(0);
        }
    }
}
