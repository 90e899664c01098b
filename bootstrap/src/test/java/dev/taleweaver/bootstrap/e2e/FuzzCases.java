package dev.taleweaver.bootstrap.e2e;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

/**
 * The generators of {@link FuzzIT}: hostile requests to every endpoint, each a {@link Case} holding the exact bytes
 * sent. Every choice is drawn from QuickTheories' randomness source with the harmless option first, so a failing
 * case shrinks towards a valid request with a single odd part left in it.
 */
final class FuzzCases {

    /** One request as sent on the wire; {@code complete} is false when the bytes end before the request does. */
    record Case(String route, byte[] wire, boolean complete, boolean holdsOpen) {
        Case(String route, byte[] wire, boolean complete) {
            this(route, wire, complete, false);
        }

        @Override
        public String toString() {
            return route + (complete ? "" : " (cut short on purpose)")
                    + (holdsOpen ? " (the client keeps the connection open, waiting)" : "") + ", " + wire.length
                    + " bytes:\n" + printable(wire, 1200);
        }
    }

    /** What the generators refer to: entities created before fuzzing, and the admin token of the service. */
    record Fixtures(String heroId, String childId, String storyId, String adminToken) {
    }

    /** Every endpoint of the service (with ADMIN_TOKEN set), as "METHOD /path/{param}". */
    static final List<String> ENDPOINTS = List.of("GET /heroes", "POST /heroes", "GET /heroes/{id}",
            "PUT /heroes/{id}", "DELETE /heroes/{id}", "GET /children", "POST /children", "GET /children/{id}",
            "PUT /children/{id}", "DELETE /children/{id}", "GET /stories", "POST /stories", "GET /stories/{id}",
            "PUT /stories/{id}", "DELETE /stories/{id}", "PUT /stories/{id}/rating", "GET /health", "GET /metrics",
            "GET /admin/cache/stats", "GET /admin/cache/analytics", "DELETE /admin/cache",
            "DELETE /admin/cache/{entity_type}", "GET /dashboard", "GET /dashboard/app.js", "GET /dashboard/dashboard.css");

    private final Fixtures fixtures;

    FuzzCases(Fixtures fixtures) {
        this.fixtures = fixtures;
    }

    // ---- text and JSON values -------------------------------------------------------------------------------

    private static final List<String> ODD_CHARS = List.of("a", "\u00e9", "\ud83d\ude00", "\u200b", "\u0000", "\n",
            "\u00a0", "\ufeff", "\u202e", "\u0301", "\"", "\\", "%");
    private static final List<Integer> HUGE_LENGTHS = List.of(101, 201, 1001, 20_001, 60_000, 140_000);

    /** Text with C0 controls: NUL (which PostgreSQL refuses in text), a forged log line, an ANSI escape. */
    private static final List<String> CONTROL_TEXT = List.of("a\u0000b", "\u0000", "Mia\u0000",
            "Mia\n2026-01-01 ERROR forged log line", "a\rb", "\u001b[31mred", "a\u007fb", "a\u0001b");

    /** Strings a client might send in a text field, from a plain name to hostile ones. */
    static Gen<String> text() {
        return oneOf(
                pick(List.of("Aurora", "Mia", "Zo\u00eb")),
                pick(List.of("", " ", "   \t ", "\u200b", "\u200b\u200b", "\ufeff", "\u00a0", "\u200b \u00a0\ufeff",
                        "\u2028", "\u0085")),
                pick(List.of("\u0000", "a\u0000b", "Mia\n2026-01-01 ERROR forged log line", "a\rb", "a\tb",
                        "a\u001bb", "a\u007fb", "\u0085x", "a\u2029b")),
                pick(List.of("a\ud800b", "\udc00", "x\udbff", "\ud83d", "\ude00x")),
                pick(List.of("\u65e5\u672c\u8a9e", "\u0645\u0631\u062d\u0628\u0627", "e\u0301", "\u202eevil",
                        "\ud83d\ude00\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ufffd", "\uffff", "\ud800\udc00")),
                pick(List.of("<script>alert(1)</script>", "'; DROP TABLE heroes;--", "${jndi:ldap://x/a}", "%s%n%x",
                        "../../etc/passwd", "{{7*7}}", "\\u0000", "null", "%00", "\\", "\"")),
                pick(HUGE_LENGTHS).zip(pick(ODD_CHARS), (n, c) -> c.repeat(n)),
                org.quicktheories.generators.SourceDSL.strings().allPossible().ofLengthBetween(0, 24));
    }

    /** A JSON string literal of {@code s}; lone surrogates, which UTF-8 cannot carry, are written as escapes. */
    static String jsonString(String s) {
        StringBuilder json = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                json.append(c).append(s.charAt(++i));
            } else if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static final List<String> WRONG_SCALARS = List.of("0", "-1", "1e309", "12.5", "99999999999999999999",
            "-99999999999999999999", "true", "null", "\"12\"", "-0", "1E2", "2147483648", "\"\"", "[]", "{}",
            "[1,2]", "{\"a\":1}", "NaN", "Infinity", "0x10", "01", "'single'", "undefined");

    /** A replacement for a field whose valid JSON is {@code valid}: itself most often, else something odd. */
    static Gen<String> fieldValue(String valid) {
        Gen<String> keep = constant(valid);
        return Generate.frequency(
                Pair.of(10, keep),
                Pair.of(3, text().map(FuzzCases::jsonString)),
                Pair.of(2, pick(WRONG_SCALARS)),
                Pair.of(1, pick(List.of(21, 100, 1000, 20_000, 130_000)).zip(pick(List.of("\"x\"", "1", "null", "[]")),
                        (n, item) -> "[" + String.join(",", java.util.Collections.nCopies(n, item)) + "]")),
                Pair.of(1, SourceDsl.listsOfText(0, 25)),
                Pair.of(1, pick(List.of(2, 50, 500, 1001, 5000)).zip(pick(List.of("[", "{\"a\":")), FuzzCases::nested)));
    }

    /** {@code depth} arrays or objects inside each other. */
    static String nested(int depth, String open) {
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    /** Small helpers on top of QuickTheories' DSL. */
    private static final class SourceDsl {
        static Gen<String> listsOfText(int min, int max) {
            return org.quicktheories.generators.SourceDSL.lists().of(text().map(FuzzCases::jsonString))
                    .ofSizeBetween(min, max).map(items -> "[" + String.join(",", items) + "]");
        }
    }

    // ---- JSON bodies ------------------------------------------------------------------------------------------

    /** A body: the valid fields of an entity, each maybe replaced, one maybe dropped, extras and a whole-body twist. */
    Gen<byte[]> body(List<String[]> validFields) {
        List<Gen<String>> values = validFields.stream().map(field -> fieldValue(field[1])).toList();
        Gen<List<String>> independent = rs -> values.stream().map(gen -> gen.generate(rs)).toList();
        // one field odd, the others valid, so the odd value gets past validation of the rest (to the database)
        Gen<List<String>> single = range(0, validFields.size() - 1).zip(
                Generate.frequency(Pair.of(2, text().map(FuzzCases::jsonString)),
                        Pair.of(2, pick(CONTROL_TEXT).map(FuzzCases::jsonString)), Pair.of(1, fieldValue("null"))),
                (index, odd) -> {
                    List<String> chosen = new ArrayList<>(validFields.stream().map(field -> field[1]).toList());
                    chosen.set(index, odd);
                    return chosen;
                });
        Gen<List<String>> fieldValues = Generate.frequency(Pair.of(1, independent), Pair.of(1, single));
        // mostly nothing dropped and nothing added, so that a single odd value reaches the use case and the database
        Gen<Integer> dropped = Generate.frequency(Pair.of(3, constant(0)), // 0 drops none, k drops field k - 1
                Pair.of(1, range(1, validFields.size())));
        Gen<List<String[]>> extras = Generate.frequency(Pair.of(3, constant(List.<String[]>of())),
                Pair.of(1, org.quicktheories.generators.SourceDSL.lists().of(extraField(validFields))
                        .ofSizeBetween(1, 2)));
        return fieldValues.zip(dropped, extras, (chosen, drop, more) -> {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < validFields.size(); i++) {
                if (i != drop - 1) {
                    appendField(json, validFields.get(i)[0], chosen.get(i));
                }
            }
            more.forEach(extra -> appendField(json, extra[0], extra[1]));
            return json.append('}').toString();
        }).zip(wholeBodyTwist(), (json, twist) -> twist.apply(json));
    }

    private static void appendField(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append(jsonString(name)).append(':').append(value);
    }

    private static Gen<String[]> extraField(List<String[]> validFields) {
        List<String> names = new ArrayList<>(List.of("unknown", "id", "created_at", "__proto__", "", "NAME",
                "name ", "\u0000", "rating", "child_name"));
        validFields.forEach(field -> names.add(field[0])); // a duplicate key
        return pick(names).zip(fieldValue("1"), (name, value) -> new String[] {name, value});
    }

    interface Twist {
        byte[] apply(String json);
    }

    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xff}, {(byte) 0xc3, (byte) 0x28}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}};

    private static final List<String> NOT_JSON = List.of("", "not json", "<hero><name>x</name></hero>", "null", "[]",
            "\"string\"", "123", "{", "}", "{\"name\"", "{\"name\":}", "{,}", "{\"a\":1,}", "[{}]", "{'name':'x'}",
            "{\"name\":\"x\"}}", "\u0000", "{\"name\":\"x\" /* c */}", "name=Mia&age=6", "{\"a\":1}{\"b\":2}");

    /** Most bodies stay whole; some are cut, replaced, prefixed, re-encoded or get broken UTF-8. */
    static Gen<Twist> wholeBodyTwist() {
        Gen<Twist> none = constant(json -> json.getBytes(StandardCharsets.UTF_8));
        return Generate.frequency(
                Pair.of(12, none),
                Pair.of(1, range(0, 99).map(percent -> json -> {
                    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                    return Arrays.copyOf(bytes, bytes.length * percent / 100);
                })),
                Pair.of(1, pick(NOT_JSON).map(text -> json -> text.getBytes(StandardCharsets.UTF_8))),
                Pair.of(1, pick(List.of("\ufeff", " \n\t", "[", "{\"a\":")).map(prefix -> json ->
                        (prefix + json).getBytes(StandardCharsets.UTF_8))),
                Pair.of(1, pick(List.of("UTF-16", "UTF-16LE", "UTF-32", "ISO-8859-1")).map(charset -> json ->
                        json.getBytes(java.nio.charset.Charset.forName(charset)))),
                Pair.of(1, range(0, BAD_UTF8.length - 1).zip(range(0, 99), (bad, percent) -> json -> {
                    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                    int at = bytes.length * percent / 100;
                    return RawHttp.concat(RawHttp.concat(Arrays.copyOf(bytes, at), BAD_UTF8[bad]),
                            Arrays.copyOfRange(bytes, at, bytes.length));
                })),
                Pair.of(1, pick(List.of(10, 300_000)).map(n -> json -> new byte[n])));
    }

    private static final List<String> JSON_TYPES = List.of("Content-Type: application/json",
            "Content-Type: application/json; charset=utf-8", "Content-Type: APPLICATION/JSON",
            "Content-Type: application/json; charset=utf-16", "Content-Type: application/json; charset=nonsense",
            "Content-Type: text/plain", "Content-Type: application/x-www-form-urlencoded",
            "Content-Type: multipart/form-data; boundary=x", "Content-Type: application/problem+json",
            "Content-Type: a/b/c", "Content-Type: ", "Content-Type: application/xml", "X-No-Content-Type: 1");

    // ---- the write endpoints with generated bodies ------------------------------------------------------------

    private List<String[]> heroFields() {
        return List.of(new String[] {"name", "\"Aurora\""}, new String[] {"age", "12"},
                new String[] {"gender", "\"female\""}, new String[] {"appearance", "\"Silver boots\""},
                new String[] {"personality_traits", "[\"brave\"]"}, new String[] {"interests", "[\"maps\"]"},
                new String[] {"strengths", "[\"night vision\"]"}, new String[] {"language", "\"en\""});
    }

    private List<String[]> childFields() {
        return List.of(new String[] {"name", "\"Mia\""}, new String[] {"age", "6"},
                new String[] {"gender", "\"non_binary\""}, new String[] {"interests", "[\"dragons\"]"},
                new String[] {"language", "\"en\""});
    }

    private List<String[]> storyFields() {
        return List.of(new String[] {"title", "\"The Moon Map\""}, new String[] {"content", "\"Once upon a time.\""},
                new String[] {"child_id", jsonString(fixtures.childId())},
                new String[] {"hero_id", jsonString(fixtures.heroId())}, new String[] {"language", "\"en\""},
                new String[] {"rating", "4"});
    }

    /** Every endpoint that reads a JSON body, with a generated body and Content-Type. */
    Gen<Case> jsonBodies() {
        record Target(String method, String route, List<String[]> fields) {
        }
        List<Target> targets = List.of(
                new Target("POST", "/heroes", heroFields()), new Target("PUT", "/heroes/{id}", heroFields()),
                new Target("POST", "/children", childFields()), new Target("PUT", "/children/{id}", childFields()),
                new Target("POST", "/stories", storyFields()), new Target("PUT", "/stories/{id}", storyFields()),
                new Target("PUT", "/stories/{id}/rating", List.<String[]>of(new String[] {"rating", "5"})));
        Gen<Target> target = pick(targets);
        return target.flatMap(t -> body(t.fields()).zip(
                Generate.frequency(Pair.of(8, constant(JSON_TYPES.get(0))), Pair.of(1, pick(JSON_TYPES))),
                id(), (bytes, type, id) -> new Case(t.method() + " " + t.route(),
                        RawHttp.request(t.method(), t.route().replace("{id}", id), List.of(type), bytes), true)));
    }

    // ---- ids, paths, methods ----------------------------------------------------------------------------------

    /** An id segment: an existing entity's, a random UUID, or no UUID at all. */
    Gen<String> id() {
        return Generate.frequency(
                Pair.of(4, pick(List.of(fixtures.heroId(), fixtures.childId(), fixtures.storyId()))),
                Pair.of(1, range(0, 1_000_000).map(n -> UUID.nameUUIDFromBytes(("id" + n).getBytes(StandardCharsets.UTF_8))
                        .toString())),
                Pair.of(2, pick(List.of("00000000-0000-0000-0000-000000000000", "not-a-uuid", "", "..", ".", "%2e%2e",
                        "%2F", "a%2Fb", "%00", "%", "%zz", "%C0%AE", "null", "{id}", "%20", "+", "\u00e9",
                        "ffffffff-ffff-ffff-ffff-fffffffffffffffff", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
                        "00000000000000000000000000000000", "0-0-0-0-0", "1", "-1", "a;b=c", "%3B", "*",
                        "x".repeat(5000), "%u0041", "ä%ZZ", "\\..\\", "%5C"))),
                Pair.of(1, pick(List.of(fixtures.heroId().toUpperCase(), fixtures.childId() + "/extra",
                        fixtures.storyId() + "%2F..", "{" + fixtures.heroId() + "}", " " + fixtures.heroId(),
                        fixtures.heroId() + ".json", fixtures.heroId().replace("-", "")))));
    }

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH",
            "TRACE", "get", "FOO", "PROPFIND", "CONNECT", "M-SEARCH", "GET\u00e9");

    private static final List<String> PATHS = List.of("/heroes", "/children", "/stories", "/heroes/{id}",
            "/children/{id}", "/stories/{id}", "/stories/{id}/rating", "/health", "/metrics", "/dashboard",
            "/dashboard/app.js", "/dashboard/dashboard.css", "/admin/cache/stats", "/admin/cache",
            "/admin/cache/{entity_type}", "/", "", "*", "//heroes", "/heroes/", "/HEROES", "/heroes/../admin/cache/stats",
            "/heroes/%2e%2e/admin/cache", "/heroes;jsessionid=1", "/heroes%2F", "/./heroes", "/dashboard/../metrics",
            "/dashboard/%2e%2e/%2e%2e/etc/passwd", "/dashboard/app.js%00.html", "/health/", "/health/live",
            "/metrics.json", "/admin", "/admin/", "/admin/cache/hero", "/admin/cache/%00", "/stories/{id}/rating/x",
            "/heroes/{id}/{id}", "/favicon.ico", "/%", "/%ff", "/\u00e9", "/heroes?", "/heroes#frag");

    /** Which admin credentials a request carries. */
    List<String> authorization(int choice) {
        String token = fixtures.adminToken();
        return switch (choice) {
            case 0 -> List.of();
            case 1 -> List.of("Authorization: Bearer " + token);
            case 2 -> List.of("Authorization: Bearer " + token.substring(0, token.length() - 1) + "x");
            case 3 -> List.of("Authorization: Bearer");
            case 4 -> List.of("Authorization: bearer " + token);
            case 5 -> List.of("Authorization: Basic " + token);
            case 6 -> List.of("Authorization: Bearer " + token + " " + token);
            case 7 -> List.of("Authorization: Bearer " + token, "Authorization: Bearer wrong");
            case 8 -> List.of("Authorization: Bearer " + "\u00e9".repeat(16));
            case 9 -> List.of("Authorization: Bearer " + "a".repeat(10_000));
            default -> List.of("Authorization: " + token);
        };
    }

    static final int AUTHORIZATION_CHOICES = 11;

    /**
     * Half the time one of the service's endpoints with its own method, else any method on any path (known, odd or
     * made up); with or without admin credentials, odd ids, and a small body where the method takes one.
     */
    Gen<Case> methodsAndPaths() {
        Gen<String[]> known = pick(ENDPOINTS).map(endpoint -> endpoint.split(" ", 2));
        Gen<String[]> any = pick(METHODS).zip(pick(PATHS), (method, path) -> new String[] {method, path});
        Gen<String> entityType = oneOf(pick(List.of("hero", "child", "story", "dragon", "HERO", "", "*", "hero:*")),
                id());
        return oneOf(known, any).zip(id(), entityType, range(0, AUTHORIZATION_CHOICES - 1), (request, id, type, auth) -> {
            String method = request[0];
            String path = request[1];
            String target = path.replace("{id}", id).replace("{entity_type}", type);
            List<String> headers = new ArrayList<>(authorization(auth));
            byte[] body = new byte[0];
            if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                headers.add("Content-Type: application/json");
                body = "{\"name\":\"Aurora\",\"rating\":3}".getBytes(StandardCharsets.UTF_8);
            }
            return new Case(method + " " + routeOf(path), RawHttp.request(method, target, headers, body), true);
        });
    }

    /** The route a path template belongs to, for the count of endpoints covered. */
    static String routeOf(String path) {
        return path.isEmpty() ? "(empty)" : path;
    }

    // ---- query strings ----------------------------------------------------------------------------------------

    private static final List<String> PARAM_NAMES = List.of("language", "child_id", "lang", "", "child_id[]",
            "LANGUAGE", "language%00", "%zz", "child%5Fid", "a".repeat(9000));

    private Gen<String> paramValue() {
        return oneOf(
                pick(List.of("en", "fr", "EN", "english", "", "e%6E", "%65%6e", "zz", "e", "eng")),
                pick(List.of(fixtures.childId(), fixtures.heroId(), "not-a-uuid", fixtures.childId().toUpperCase())),
                pick(List.of("X%", "%zz", "%", "%2", "%00", "%ZZen", "en%", "%C3%A9", "%ED%A0%80", "%FF", "%C0%80",
                        "+", "%2B", "%u0065n", "%%", "%0A%0DSet-Cookie:x", "%E2%80%8B")),
                pick(List.of(100, 5000, 9000, 70_000)).map("a"::repeat));
    }

    /** GET on a collection (or an item, health, metrics) with 0–4 generated parameters. */
    Gen<Case> queries() {
        Gen<String> param = pick(PARAM_NAMES).zip(paramValue(), range(0, 2), (name, value, form) -> switch (form) {
            case 0 -> name + "=" + value;
            case 1 -> name;
            default -> name + "=" + value + "=" + value;
        });
        Gen<String> query = org.quicktheories.generators.SourceDSL.lists().of(param).ofSizeBetween(0, 4)
                .zip(pick(List.of("&", "&&", ";", "&=&")), (params, separator) -> String.join(separator, params));
        return pick(List.of("/stories", "/heroes", "/children", "/stories/{id}", "/health", "/metrics",
                "/admin/cache/stats", "/dashboard")).zip(query, id(), range(0, 1), (path, q, id, auth) ->
                new Case("GET " + path, RawHttp.request("GET", path.replace("{id}", id) + "?" + q,
                        authorization(auth), new byte[0]), true));
    }

    // ---- headers ----------------------------------------------------------------------------------------------

    private Gen<String> oddHeader() {
        return oneOf(
                pick(JSON_TYPES),
                pick(List.of("Accept: application/xml", "Accept: text/html", "Accept: */*", "Accept: ",
                        "Accept: application/json;q=0", "Accept-Charset: utf-16", "Accept-Encoding: gzip, br")),
                pick(List.of("X-Request-Id: abc", "X-Request-Id: ", "X-Request-Id: " + "r".repeat(129),
                        "X-Request-Id: a\u00e9b", "X-Request-Id: a b", "X-Request-Id: <script>", "X-Request-Id: \"x\"",
                        "X-Request-Id: a\tb", "X-Request-Id: 1", "X-Request-Id: 2")),
                pick(List.of("Content-Encoding: gzip", "Content-Encoding: br", "Transfer-Encoding: identity",
                        "Expect: 100-continue", "Expect: teapot", "Host: ", "Host: a", "Host: a:b:c",
                        "Connection: keep-alive, Upgrade", "Upgrade: h2c", "Upgrade: websocket",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "HTTP2-Settings: AAMAAABkAAQAAP__",
                        "Range: bytes=0-1", "If-None-Match: *", "If-Modified-Since: yesterday", "Cookie: a=b; a=c",
                        "Forwarded: for=\"_gazonk\"", "X-Forwarded-For: 1.2.3.4, garbage", "Origin: null",
                        "Access-Control-Request-Method: DELETE", "Max-Forwards: -1", "TE: trailers")),
                pick(List.of(1000, 9000, 70_000)).map(n -> "X-Big: " + "b".repeat(n)),
                pick(List.of("X Bad: 1", "X-\u00dc: 1", ": empty", "X-Nul: a\u0000b", "X-Fold: a\r\n folded",
                        "X-Colon:: 1", "NoColon", "X-Cr: a\rb", "X-Latin: \u00ff\u00fe")),
                pick(List.of(100, 500)).map(n -> String.join("\r\n", java.util.Collections.nCopies(n, "X-Many: 1"))));
    }

    /** Ordinary requests to each endpoint with one to three odd headers added. */
    Gen<Case> headers() {
        record Base(String method, String route, String body, boolean admin) {
        }
        List<Base> bases = List.of(new Base("GET", "/heroes", "", false),
                new Base("POST", "/heroes", Requests.hero("Aurora", "en"), false),
                new Base("POST", "/children", Requests.child("Mia", "en"), false),
                new Base("PUT", "/stories/{id}/rating", "{\"rating\":5}", false),
                new Base("GET", "/stories/{id}", "", false), new Base("GET", "/admin/cache/stats", "", true),
                new Base("DELETE", "/admin/cache/hero", "", true), new Base("GET", "/health", "", false),
                new Base("GET", "/metrics", "", false), new Base("GET", "/dashboard", "", false),
                new Base("DELETE", "/children/{id}", "", false));
        return pick(bases).zip(org.quicktheories.generators.SourceDSL.lists().of(oddHeader()).ofSizeBetween(1, 3),
                (base, odd) -> {
                    List<String> headers = new ArrayList<>(base.admin()
                            ? authorization(1) : List.of());
                    if (!base.body().isEmpty()) {
                        headers.add("Content-Type: application/json");
                    }
                    headers.addAll(odd);
                    String target = base.route().replace("{id}", base.route().startsWith("/children")
                            ? fixtures.childId() : fixtures.storyId());
                    return new Case(base.method() + " " + base.route(), RawHttp.request(base.method(), target,
                            headers, base.body().getBytes(StandardCharsets.UTF_8)), true);
                });
    }

    // ---- framing: raw bytes a client library would never send -------------------------------------------------

    private static final List<String> CHUNK_SIZES = List.of("b", "zz", "-5", "ffffffffffffffffff", "1 ", "0x10", "",
            "7fffffff", "00000000000000000000b", "b;ext=1", "b;\u0000", "B", " b", "+b", "100000000");

    private static final List<String> CONTENT_LENGTHS = List.of("11", "-1", "abc", "4294967306", "11, 11", "11, 12",
            " 11", "+11", "011", "99999999999999999999", "1.1", "0x0b", "", "2147483648", "9223372036854775808");

    /** Bad chunk sizes, conflicting lengths, cut bodies, odd request lines, pipelines and bytes that are not HTTP. */
    Gen<Case> framing() {
        String body = "{\"rating\":5}"; // 12 bytes
        String rating = "/stories/" + fixtures.storyId() + "/rating";
        String head = "PUT " + rating + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        Gen<Case> chunked = pick(CHUNK_SIZES).zip(Generate.booleans(), (size, finished) -> raw(FRAMED,
                head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + size + "\r\n" + body.substring(0, 11)
                        + "\r\n" + (finished ? "0\r\n\r\n" : ""), finished));
        Gen<Case> lengths = pick(CONTENT_LENGTHS).zip(pick(List.of(0, 1, 2)), (length, shape) -> raw(
                FRAMED, head + "Connection: close\r\n" + switch (shape) {
                    case 0 -> "Content-Length: " + length + "\r\n";
                    case 1 -> "Content-Length: 12\r\nContent-Length: " + length + "\r\n";
                    default -> "Content-Length: " + length + "\r\nTransfer-Encoding: chunked\r\n";
                } + "\r\n" + body, shape != 2));
        Gen<Case> cut = range(0, 11).zip(oneOf(pick(List.of(12, 13, 100, 100_000)), range(13, 300_000)), (sent, declared) -> raw(
                FRAMED, head + "Connection: close\r\nContent-Length: " + declared + "\r\n\r\n"
                        + body.substring(0, sent), false));
        Gen<Case> encodings = pick(List.of("chunked, chunked", "gzip, chunked", "xchunked", "chunked, identity",
                "identity", "CHUNKED", "chunked\u0000", " chunked")).map(te -> raw(FRAMED,
                head + "Connection: close\r\nTransfer-Encoding: " + te + "\r\n\r\nc\r\n" + body + "\r\n0\r\n\r\n",
                true));
        Gen<Case> requestLines = pick(List.of(
                "GET /heroes HTTP/1.1\nHost: a\n\n", "GET  /heroes HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /heroes HTTP/1.0\r\n\r\n", "GET /heroes HTTP/2.0\r\nHost: a\r\n\r\n",
                "GET /heroes HTTP/9.9\r\nHost: a\r\n\r\n", "GET /heroes\r\n\r\n", "GET /heroes HTTP/1.1\r\n\r\n",
                "GET http://evil.example/heroes HTTP/1.1\r\nHost: a\r\n\r\n", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                "CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: a\r\n\r\n", "GET /heroes HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET /\u00e9\u0000 HTTP/1.1\r\nHost: a\r\n\r\n", "GET /heroes HTTP/1.1\r\nHost: a\r\n",
                "GET /heroes\u0000 HTTP/1.1\r\nHost: a\r\n\r\n", "\r\n\r\nGET /heroes HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /heroes HTTP/1.1\r\nHost: a\r\nX: \u0080\u00ff\r\n\r\n", " GET /heroes HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /heroes HTTP/1.1\r\nHost: a\r\n\r\nGET /heroes HTTP/1.1\r\nHost: a\r\nContent-Length: zz\r\n\r\n",
                "POST /heroes HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
                "PUT " + rating + " HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 12\r\n"
                        + "Connection: close\r\n\r\n" + body))
                .map(text -> raw("(request line)", text, !text.endsWith("Host: a\r\n")));
        Gen<Case> notHttp = oneOf(
                pick(List.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000", "\u0000",
                        "SSH-2.0-OpenSSH\r\n", "\r\n", "*1\r\n$4\r\nPING\r\n")).map(text -> raw("(not HTTP)", text, false)),
                Generate.byteArrays(range(1, 200), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 'A'))
                        .map(bytes -> new Case("(not HTTP)", bytes, false)));
        // a declared body over the limit, its first bytes sent, the connection left open: 413 at once, not a wait
        Gen<Case> declaredTooLarge = pick(List.of("4294967306", "300000", "2147483648", "9223372036854775807"))
                .map(length -> new Case(FRAMED, (head + "Content-Length: " + length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1), false, true));
        return oneOf(chunked, lengths, cut, encodings, requestLines, notHttp, declaredTooLarge);
    }

    /** The route of the framing cases: the rating update, whose body is small and whose story exists. */
    static final String FRAMED = "PUT /stories/{id}/rating (framing)";

    private static Case raw(String route, String text, boolean complete) {
        return new Case(route, text.getBytes(StandardCharsets.ISO_8859_1), complete);
    }

    /** Bytes as text with everything unprintable escaped, cut to {@code max} characters. */
    static String printable(byte[] bytes, int max) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate(c)
                    || c == '\ufffd' || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max) {
            out.append("… (").append(bytes.length).append(" bytes in all)");
        }
        return out.toString();
    }
}
