package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one ObjectMapper of the HTTP API: snake_case, ISO-8601 instants, and strict about what clients send.
 *
 * <p>What one request body may cost is bounded by its size ({@link HttpConfig#maxRequestBytes()}) and by the
 * parser's limits below, set explicitly rather than left to Jackson's defaults (1,000 levels, 1,000 digits, 20 M
 * characters, 50,000-character names): every request body of this API is an object of strings, whole numbers and
 * lists of strings, two levels deep. A body past any of them is a 400 malformed-body problem naming the limit.
 */
public final class JsonMapping {
    /** Deepest nesting of arrays and objects in a body (the API's own bodies use 2): no deep recursion anywhere. */
    static final int MAX_NESTING_DEPTH = 16;

    /** Most characters of a number: any whole number the API takes has at most 10 digits. */
    static final int MAX_NUMBER_CHARS = 100;

    /** Most characters of one string value: three times the longest field (a story's 20,000 characters). */
    static final int MAX_STRING_CHARS = 65_536;

    /** Most characters of a field name: the API's own are under 20 characters. */
    static final int MAX_NAME_CHARS = 256;

    private JsonMapping() {
    }

    public static ObjectMapper objectMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .maxStringLength(MAX_STRING_CHARS)
                        .maxNameLength(MAX_NAME_CHARS)
                        .build())
                // field names are not pooled: a body may carry thousands of them, each a client's choice, and pooling
                // them would grow a table shared by every request (and the JVM's interned strings) for nothing. The
                // byte parser needs that pool, so bodies are decoded (strictly, as UTF-8) and parsed as text
                // (see JsonBody)
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "age": 7.5 or "age": "7" is a client bug we report rather than silently round or convert
                .addModule(StrictScalars.module())
                .addHandler(new CollectingProblemHandler())
                .build();
    }
}
