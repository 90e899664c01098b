package dev.taleweaver.bootstrap.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.OpenApi31;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's OpenAPI document (the one {@code GET /openapi.json} serves) as a check of real answers: every answer an
 * end-to-end test receives must be one the document declares for its operation — its status, its media type, and a
 * body that validates against the declared schema, checked by networknt's json-schema-validator in the OpenAPI 3.1
 * dialect (formats such as {@code uuid} and {@code date-time} asserted). An answer for a path or method the document
 * lacks must be a problem+json 4xx. {@link #routes()} lists the documented operations for the route check.
 */
public final class OpenApiContract {
    private static final String RESOURCE = "/openapi/openapi.json";
    private static final String DOCUMENT_IRI = "https://taleweaver.dev/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "options", "patch");
    private static final OpenApiContract INSTANCE = new OpenApiContract();

    private record Template(String path, Pattern pattern, int parameters) {
    }

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract() {
        String text = read();
        try {
            this.document = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(RESOURCE + " is not JSON", e);
        }
        this.registry = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(), builder -> builder
                .schemas(Map.of(DOCUMENT_IRI, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        document.path("paths").fieldNames().forEachRemaining(path -> {
            int parameters = path.split("\\{", -1).length - 1;
            String regex = Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            templates.add(new Template(path, Pattern.compile(regex), parameters));
        });
        templates.sort((a, b) -> Integer.compare(a.parameters(), b.parameters())); // literal paths win
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    /** Every documented operation as "METHOD /path/{template}". */
    public Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(path -> document.path("paths").path(path).fieldNames()
                .forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        routes.add(method.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }));
        return routes;
    }

    /**
     * @param target the request's path, with its query if any
     * @throws AssertionError naming what the document does not allow
     */
    public void check(String method, String target, int status, Optional<String> contentType, String body) {
        String path = target.split("\\?", 2)[0];
        String what = method + " " + target + " -> " + status;
        Optional<Template> template = templates.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst();
        JsonNode operation = template.map(t -> document.path("paths").path(t.path())
                .path(method.toLowerCase(Locale.ROOT))).orElse(null);
        if (operation == null || operation.isMissingNode()) {
            // no such route or method: Javalin's 404/405, or Jetty refusing the request before routing
            if (status < 400 || status > 599) {
                fail(what, "the document has no operation " + method + " for this path");
            }
            if (!method.equals("HEAD")) {
                checkBody(what, "#/components/schemas/Problem", contentType, body, "application/problem+json");
            }
            return;
        }
        String code = Integer.toString(status);
        if (!operation.path("responses").has(code) && status < 400) {
            fail(what, "status " + status + " is not documented for this operation"); // default is for errors only
        }
        String responsePointer = "/paths/" + escape(template.get().path()) + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses/" + (operation.path("responses").has(code) ? code : "default");
        JsonNode response = document.at(responsePointer);
        if (response.isMissingNode()) {
            fail(what, "status " + status + " is not documented for this operation");
        }
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = document.at(responsePointer);
        }
        JsonNode content = response.path("content");
        if (method.equals("HEAD") || content.isMissingNode()) {
            if (!body.isEmpty()) {
                fail(what, "the document declares no body, got " + clip(body));
            }
            return;
        }
        String mediaType = contentType.map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!content.has(mediaType)) {
            fail(what, "media type " + contentType.orElse("(none)") + " is not declared; declared: " + names(content));
        }
        if (mediaType.endsWith("json")) {
            JsonNode schema = content.path(mediaType).path("schema");
            String location = schema.has("$ref") ? schema.get("$ref").asText()
                    : "#" + responsePointer + "/content/" + escape(mediaType) + "/schema";
            checkBody(what, location, contentType, body, mediaType);
        }
    }

    private void checkBody(String what, String location, Optional<String> contentType, String body, String expected) {
        if (!contentType.map(t -> t.toLowerCase(Locale.ROOT).startsWith(expected)).orElse(false)) {
            fail(what, "expected " + expected + ", got " + contentType.orElse("no Content-Type"));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(what + ": body is not JSON: " + clip(body), e);
        }
        Schema schema = schemas.computeIfAbsent(location,
                l -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + l)));
        List<Error> errors = schema.validate(json);
        if (!errors.isEmpty()) {
            fail(what, "body does not match " + location + ": " + errors.stream().limit(5).map(Error::toString)
                    .toList() + " in " + clip(body));
        }
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static String clip(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static void fail(String what, String why) {
        throw new AssertionError("OpenAPI contract: " + what + ": " + why);
    }

    private static String read() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
