package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.UncheckedIOException;
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

    /** JSON bytes and their entity tag, computed once together. */
    record Rendered(byte[] json, String etag) {
        static Rendered of(byte[] json) {
            return new Rendered(json, EntityTag.of(json));
        }
    }

    private final ObjectWriter writer;
    private final Cache<Object, Rendered> rendered;

    RenderedJson(ObjectMapper mapper) {
        this.writer = mapper.writer();
        this.rendered = Caffeine.newBuilder()
                .weakKeys()
                .maximumWeight(MAX_BYTES)
                .weigher((Object value, Rendered r) -> r.json().length)
                .build();
    }

    /**
     * Answers 200 with the JSON of {@code toResponse(value)}, written once per instance of {@code value}, and its
     * {@code ETag}; 304 without a body when the request's {@code If-None-Match} names that tag.
     */
    <T> void respond(Context ctx, T value, Function<? super T, ?> toResponse) {
        send(ctx, 200, rendered(value, toResponse));
    }

    /** Answers {@code status} with the JSON of {@code response}, written now (a write's result), and its tag. */
    void respondFresh(Context ctx, int status, Object response) {
        send(ctx, status, Rendered.of(write(response)));
    }

    /** The JSON of {@code toResponse(value)} and its tag; the same again for the same instance while it is kept. */
    <T> Rendered rendered(T value, Function<? super T, ?> toResponse) {
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

    /** Answers {@code status} with {@code json} and its tag, or 304 as {@link #respond} does. */
    static void send(Context ctx, int status, Rendered json) {
        ctx.header("ETag", json.etag()).contentType(ContentType.APPLICATION_JSON);
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (read && EntityTag.noneMatchHits(ctx.header("If-None-Match"), json.etag())) {
            ctx.status(304); // RFC 9110 §15.4.5: no body, the headers a 200 would have
            return;
        }
        ctx.status(status).result(json.json());
    }

    private byte[] write(Object response) {
        try {
            return writer.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
