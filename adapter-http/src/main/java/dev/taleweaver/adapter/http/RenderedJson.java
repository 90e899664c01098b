package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The JSON of read responses, remembered by the identity of what the use case returned. With the cache's L1 on, a
 * hit hands out the same immutable instance each time (a hero, or a list of 10,000 of them), so its JSON is written
 * once and then served as bytes, like a static file; the profile showed writing the JSON as most of the time of
 * such a hit. Anything else (a database read, a decoded Redis hit) is a new instance and is simply written.
 *
 * <p>Keys are weak and compared by identity: an entry lives no longer than the value it was written from, so when
 * the L1 drops a value (invalidation, expiry) its JSON goes with it, and a changed entity — always a new instance —
 * can never be answered with the JSON of the old one. Only immutable values may be passed (every entity, view and
 * list the use cases return is). One instance serves one route group, whose {@code toResponse} never changes.
 *
 * <p>Every answer carries the {@link EntityTag} of its bytes, kept with them; a {@code GET} or {@code HEAD} whose
 * {@code If-None-Match} names it is answered 304 without a body.
 */
final class RenderedJson {
    /** Bound on the bytes kept per route group: the whole 10,000-hero list is ~5 MB of JSON. */
    static final long MAX_BYTES = 32L * 1024 * 1024;

    /**
     * JSON bytes and their entity tag, computed once together; and the JSON gzipped, made the first time a client
     * that accepts gzip is answered ({@link AnswerEncoding}) and kept with them.
     */
    static final class Rendered {
        private final byte[] json;
        private final String etag;
        /** Null until first asked; two threads asking at once each make the same bytes, and either is kept. */
        private volatile byte[] gzipped;

        private Rendered(byte[] json, String etag) {
            this.json = json;
            this.etag = etag;
        }

        static Rendered of(byte[] json) {
            return new Rendered(json, EntityTag.of(json));
        }

        byte[] json() {
            return json;
        }

        String etag() {
            return etag;
        }

        /** The JSON gzipped: made once, then the same bytes each time. */
        byte[] gzipped() {
            byte[] made = gzipped;
            if (made == null) {
                made = AnswerEncoding.gzip(json);
                gzipped = made;
            }
            return made;
        }
    }

    private static final byte[] PAGE_START = "{\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAGE_MIDDLE = "],\"next_cursor\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /**
     * Bound on the JSON of joined pages kept ({@link #pages}): ~380 pages of 50 heroes, more than the 200 pages of a
     * 10,000-hero {@code hero:all}. The members a kept page names stay reachable while it is kept.
     */
    static final long MAX_PAGE_BYTES = 8L * 1024 * 1024;

    private final ObjectWriter writer;
    /** Null when nothing is remembered: no value is handed out twice (no L1), so every answer is written anew. */
    private final Cache<Object, Rendered> rendered;
    /**
     * The last page joined after each first member (weak key, by identity), with the other members and the next
     * cursor it was joined for: a page whose members are the same instances again is answered with the same bytes
     * and tag, without 50 lookups, a copy and a digest of ~22 KB (the issue 11 profile). Null when nothing is remembered.
     */
    private final Cache<Object, JoinedPage> pages;

    /** Remembering renderings. */
    RenderedJson(ObjectMapper mapper) {
        this(mapper, true);
    }

    /**
     * @param remember whether to keep JSON by the identity of its value. Off (no L1), a cache entry per request would
     *                 be pure cost: a lookup that never hits, a weak reference for the collector, Caffeine's
     *                 maintenance (1 % of the CPU samples of a Redis hit in the issue 16 profile, plus the weak references the
     *                 collector has to process).
     */
    RenderedJson(ObjectMapper mapper, boolean remember) {
        this.writer = mapper.writer();
        this.rendered = !remember ? null : Caffeine.newBuilder()
                .weakKeys()
                .maximumWeight(MAX_BYTES)
                .weigher((Object value, Rendered r) -> r.json().length)
                .build();
        this.pages = !remember ? null : Caffeine.newBuilder()
                .weakKeys()
                .maximumWeight(MAX_PAGE_BYTES)
                .weigher((Object first, JoinedPage page) -> page.rendered().json().length)
                .build();
    }

    /** A page's members after the first (kept by identity), its next cursor, and its JSON and tag. */
    private record JoinedPage(Object[] rest, String nextCursor, Rendered rendered) {
        /** Whether {@code items} (whose first member is this page's key) and {@code next} make this same page. */
        boolean joinedFrom(List<?> items, String next) {
            if (items.size() != rest.length + 1 || !Objects.equals(nextCursor, next)) {
                return false;
            }
            for (int i = 0; i < rest.length; i++) {
                if (items.get(i + 1) != rest[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The JSON of a page, {@code {"items":[…],"next_cursor":…}}, and its tag. While renderings are remembered (the L1
     * hands out the same instances), each item's JSON is taken from {@link #rendered} and the page is joined from
     * those bytes: a cached page of 50 heroes costs 50 lookups and one copy instead of writing 50 heroes again. The
     * bytes are exactly those Jackson writes for the page as a whole ({@code RenderedJsonTest}), so the tag does not
     * depend on which way they were made.
     */
    <T> Rendered page(List<T> items, Function<? super T, ?> toResponse, String nextCursor) {
        if (rendered == null) {
            return Rendered.of(write(new PageResponse(items.stream().map(toResponse).toList(), nextCursor)));
        }
        if (items.isEmpty()) {
            return Rendered.of(joined(items, toResponse, nextCursor));
        }
        Object first = items.get(0);
        JoinedPage kept = pages.getIfPresent(first);
        if (kept != null && kept.joinedFrom(items, nextCursor)) {
            return kept.rendered();
        }
        Rendered page = Rendered.of(joined(items, toResponse, nextCursor));
        pages.put(first, new JoinedPage(items.subList(1, items.size()).toArray(), nextCursor, page));
        return page;
    }

    /** The page's JSON joined from its items' remembered JSON. */
    private <T> byte[] joined(List<T> items, Function<? super T, ?> toResponse, String nextCursor) {
        byte[][] parts = new byte[items.size()][];
        int length = PAGE_START.length + PAGE_MIDDLE.length + 1 + Math.max(0, items.size() - 1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = rendered(items.get(i), toResponse).json();
            length += parts[i].length;
        }
        byte[] next = nextCursor == null ? NULL : write(nextCursor);
        length += next.length;
        byte[] json = new byte[length];
        int at = put(json, 0, PAGE_START);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                json[at++] = ',';
            }
            at = put(json, at, parts[i]);
        }
        at = put(json, at, PAGE_MIDDLE);
        at = put(json, at, next);
        json[at] = '}';
        return json;
    }

    private static int put(byte[] into, int at, byte[] part) {
        System.arraycopy(part, 0, into, at, part.length);
        return at + part.length;
    }

    /** Answers {@code status} with the JSON of {@code response}, written now (a write's result), and its tag. */
    void respondFresh(Context ctx, int status, Object response) {
        send(ctx, status, Rendered.of(write(response)));
    }

    /** The JSON of {@code toResponse(value)} and its tag; the same again for the same instance while it is kept. */
    <T> Rendered rendered(T value, Function<? super T, ?> toResponse) {
        if (rendered == null) {
            return Rendered.of(write(toResponse.apply(value)));
        }
        Rendered json = rendered.getIfPresent(value);
        if (json == null) {
            json = Rendered.of(write(toResponse.apply(value)));
            rendered.put(value, json);
        }
        return json;
    }

    /** The tag {@code toResponse(value)} is answered with, written now and not kept (a locked row, seen once). */
    <T> String tagOf(T value, Function<? super T, ?> toResponse) {
        return EntityTag.of(write(toResponse.apply(value)));
    }

    /** The JSON of {@code toResponse(value)}; the same array again for the same instance while it is kept. */
    <T> byte[] json(T value, Function<? super T, ?> toResponse) {
        return rendered(value, toResponse).json();
    }

    /**
     * Answers {@code status} with {@code json} and its tag, or 304 without a body when the request (a {@code GET} or
     * {@code HEAD}) has an {@code If-None-Match} that names the tag; the body gzipped for a client that accepts it
     * ({@link AnswerEncoding}). {@link DirectReads} answers as this does.
     *
     * <p>The body is written straight into the servlet response with its {@code Content-Length}, not through
     * Javalin's result or its compressing stream: Javalin would copy the bytes through a buffer of its own per
     * response (19 % of the bytes allocated under the mixed load), and compress them again on every request. Must be
     * the handler's last step (for {@code HEAD}, Jetty sends the headers and no body).
     */
    static void send(Context ctx, int status, Rendered json) {
        ctx.header("ETag", json.etag()).contentType(ContentType.APPLICATION_JSON);
        if (AnswerEncoding.varies(json)) {
            ctx.res().addHeader("Vary", AnswerEncoding.VARY_VALUE); // beside Cors's Vary: Origin, if any
        }
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (read && EntityTag.noneMatchHits(ctx.header("If-None-Match"), json.etag())) {
            ctx.status(304); // RFC 9110 §15.4.5: no body, the headers a 200 would have
            return;
        }
        ctx.status(status);
        byte[] body = json.json();
        if (AnswerEncoding.gzips(json, ctx.header("Accept-Encoding"))) {
            ctx.header("Content-Encoding", AnswerEncoding.GZIP);
            body = json.gzipped();
        }
        writeBody(ctx, body);
    }

    private static void writeBody(Context ctx, byte[] body) {
        try {
            ctx.res().setContentLength(body.length);
            OutputStream out = ctx.res().getOutputStream();
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a client that went away: ClientFailure finds Jetty's EofException
        }
    }

    private byte[] write(Object response) {
        try {
            return writer.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
