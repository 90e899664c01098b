package dev.taleweaver.bootstrap.e2e;

import dev.taleweaver.bootstrap.contract.OpenApiContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A client of the running service, as a user's program would call it. Remembers every answer so a test can
 * check afterwards that none of them leaked internals, and checks each against the OpenAPI document
 * ({@link OpenApiContract}) as it arrives.
 */
public final class HttpApi {
    public static final String JSON = "application/json";
    /** Longer than any answer the service should take, short enough to fail a hanging request clearly. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final Duration timeout;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<ApiResponse> answers = Collections.synchronizedList(new ArrayList<>());

    public HttpApi(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    public static HttpApi onLocalPort(int port) {
        return onLocalPort(port, REQUEST_TIMEOUT);
    }

    public static HttpApi onLocalPort(int port, Duration timeout) {
        return new HttpApi(URI.create("http://127.0.0.1:" + port), timeout);
    }

    public URI base() {
        return base;
    }

    public ApiResponse get(String path) {
        return send("GET", path, (String) null, null);
    }

    public ApiResponse post(String path, String json) {
        return send("POST", path, json, JSON);
    }

    public ApiResponse put(String path, String json) {
        return send("PUT", path, json, JSON);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, (String) null, null);
    }

    /** Any request; {@code body} and {@code contentType} may be null. */
    public ApiResponse send(String method, String path, String body, String contentType) {
        return sendPublished(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), contentType);
    }

    public ApiResponse sendPublished(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        return sendPublished(method, path, body, contentType, Map.of());
    }

    /** Any request with extra headers (e.g. {@code If-Match}); {@code body} (JSON) may be null. */
    public ApiResponse sendWithHeaders(String method, String path, String body, Map<String, String> headers) {
        return sendPublished(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), body == null ? null : JSON, headers);
    }

    private ApiResponse sendPublished(String method, String path, HttpRequest.BodyPublisher body, String contentType,
                                      Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ApiResponse answer = new ApiResponse(method, path, response.statusCode(), response.headers(),
                    response.body());
            answers.add(answer);
            OpenApiContract.get().check(method, path, answer.status(), response.headers().firstValue("Content-Type"),
                    answer.body());
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    /** Every answer received so far. */
    public List<ApiResponse> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }
}
