package dev.taleweaver.benchmarks.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every member of one of the service's paged lists ({@code {"items": […], "next_cursor": …}}), page by page. */
public final class PagedList {
    /** The largest page the API serves. */
    public static final int PAGE = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PagedList() {
    }

    /** GETs {@code url} (with or without a query) with {@code limit=500}, following the cursors. */
    public static List<JsonNode> items(HttpClient client, String url) throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        String separator = url.contains("?") ? "&" : "?";
        String cursor = null;
        do {
            String page = url + separator + "limit=" + PAGE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(page))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + page + " answered " + response.statusCode());
            }
            JsonNode body = JSON.readTree(response.body());
            if (!body.path("items").isArray()) {
                throw new IOException("GET " + page + " did not answer a page (no \"items\" array)");
            }
            body.path("items").forEach(items::add);
            cursor = body.path("next_cursor").isTextual() ? body.path("next_cursor").asText() : null;
        } while (cursor != null);
        return items;
    }
}
