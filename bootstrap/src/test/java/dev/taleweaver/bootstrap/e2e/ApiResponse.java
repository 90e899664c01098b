package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/** One answer of the service, kept whole so a failing assertion can show what came back. */
public record ApiResponse(String method, String path, int status, HttpHeaders headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public String contentType() {
        return header("Content-Type");
    }

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + this, e);
        }
    }

    /** The {@code items} of a page of a list, checked to be one: {@code {"items": [...], "next_cursor": …}}. */
    public JsonNode items() {
        JsonNode page = json();
        if (!page.isObject() || !page.path("items").isArray() || !page.has("next_cursor") || page.size() != 2) {
            throw new AssertionError("expected a page of a list: " + this);
        }
        return page.get("items");
    }

    /** The {@code id}s of a page's items, in order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        items().forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    /** The field named by each entry of a problem's {@code errors} array (empty when it has none). */
    public List<String> errorFields() {
        List<String> fields = new ArrayList<>();
        JsonNode errors = json().path("errors");
        errors.forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " " + contentType() + " " + body;
    }
}
