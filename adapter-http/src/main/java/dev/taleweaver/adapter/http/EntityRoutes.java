package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.ManageEntities;
import dev.taleweaver.application.port.in.PreconditionFailedException;
import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The five CRUD endpoints every entity offers — list (optionally {@code ?language=xx}), get, create, replace,
 * delete — written once, every entity and list answer with an {@code ETag} ({@link RenderedJson}); a subclass says how to parse its id, turn its request body into a command and its entity
 * into a response.
 *
 * @param <I> id type
 * @param <C> command type of the use cases
 * @param <R> what the use cases return
 * @param <Q> request body DTO
 */
abstract class EntityRoutes<I, C, R, Q> implements HttpRoutes {

    /** Stands in for the service-set timestamps when the domain judges a body before the use case runs. */
    protected static final Instant PLACEHOLDER_TIME = Instant.EPOCH;

    /** Stands in for a language already reported missing or invalid, so the domain rules do not report it again. */
    protected static final Language PLACEHOLDER_LANGUAGE = Language.of("en");

    private final String path;
    private final ManageEntities<I, C, R> useCases;
    private final Class<Q> requestType;
    private final JsonBody body;
    private final RenderedJson rendered;
    /** The query parameters {@code GET path} takes: its {@link #filters()}, {@code limit} and {@code cursor}. */
    private final Set<String> knownParameters;
    /** The pages last answered per query string; null when renderings are not remembered (nothing would repeat). */
    private final RepeatedPageReads repeatedPages;

    /** @param rememberRenderings see {@link HttpConfig#rememberRenderings} */
    protected EntityRoutes(String path, ManageEntities<I, C, R> useCases, Class<Q> requestType, JsonBody body,
                           boolean rememberRenderings) {
        this.path = path;
        this.useCases = useCases;
        this.requestType = requestType;
        this.body = body;
        this.rendered = new RenderedJson(body.mapper(), rememberRenderings);
        Set<String> known = new HashSet<>(filters());
        known.add("limit");
        known.add("cursor");
        this.knownParameters = Set.copyOf(known);
        this.repeatedPages = rememberRenderings ? new RepeatedPageReads() : null;
    }

    /** @throws dev.taleweaver.domain.common.ValidationException on field {@code id} when not a UUID */
    protected abstract I parseId(String raw);

    /** Converts what the domain cannot (enums, ids, boxed numbers), recording problems in {@code check}. */
    protected abstract C toCommand(Q request, InputCheck check);

    /** Builds the entity from {@code command} with placeholder id and timestamps, to surface the domain's rules. */
    protected abstract void applyDomainRules(C command);

    protected abstract Object toResponse(R entity);

    protected abstract String idOf(R entity);

    /** The route pattern of one item, as Javalin matches it and the metrics name it. */
    final String itemRoute() {
        return path + "/{id}";
    }

    @Override
    public void register(JavalinConfig config) {
        String item = itemRoute();
        config.routes.get(path, this::list);
        config.routes.post(path, this::create);
        config.routes.get(item, this::get);
        config.routes.put(item, ctx -> {
            I id = id(ctx);
            C command = command(ctx);
            respondWritten(ctx, useCases.replace(id, command, expected(ctx)));
        });
        config.routes.delete(item, ctx -> {
            useCases.delete(id(ctx), expected(ctx));
            ctx.status(204);
        });
    }

    /**
     * The filters of {@code GET path} beside {@code limit} and {@code cursor}; a subclass may know more. Asked once,
     * by the constructor: the answer must be a constant, not made of the subclass's fields.
     */
    protected Set<String> filters() {
        return Set.of("language");
    }

    /** The list the filters of a request name; problems go to {@code check}. */
    protected Listing listing(QueryParameters query, InputCheck check) {
        return Listing.of(language(query, check));
    }

    /**
     * {@code GET path}: one page of the list the filters name ({@link #readPage}), with a
     * {@code Link: <…>; rel="next"} header while the list goes on. A read {@link DirectReads} already tried and
     * handed over (a failure) is answered as that failure.
     */
    private void list(Context ctx) {
        DirectReads.throwFailedRead(ctx);
        PageRead page = readPage(ctx.path(), ctx.queryString());
        if (page.nextLink() != null) {
            ctx.header("Link", page.nextLink());
        }
        RenderedJson.send(ctx, 200, page.rendered());
    }

    /** A page's JSON and tag, and the value of its {@code Link} header: null on the last page. */
    record PageRead(RenderedJson.Rendered rendered, String nextLink) {
    }

    /**
     * The page {@code GET requestPath?rawQuery} answers, {@code {"items": [...], "next_cursor": …}}. Query parameters
     * are read through {@link QueryParameters} (the one place they are judged): a malformed, repeated or unknown
     * parameter, a bad {@code limit} or a cursor that is not one of this list is a 400 naming it. The same query
     * again is answered from what {@link RepeatedPageReads} kept of it, while the use case answers the same page.
     *
     * @param requestPath the path the request named (this group's {@link #path()}, or with a trailing slash through
     *                    Javalin): the next page's link keeps it
     * @param rawQuery    the query string as it came in the request line, null for none
     * @throws RuntimeException the problems of the query ({@code ValidationException}) or what the use case throws
     */
    final PageRead readPage(String requestPath, String rawQuery) {
        return readPage(requestPath, rawQuery, useCases::page);
    }

    /**
     * {@link #readPage}, when the use case answers the page from memory alone ({@link ManageEntities#heldPage}, ADR
     * 22); null when it does not, and {@link #readPage} answers on a thread that may wait. Parses the query and
     * renders the page as {@link #readPage} does: its problems are thrown the same way.
     */
    final PageRead heldPage(String requestPath, String rawQuery) {
        return readPage(requestPath, rawQuery, useCases::heldPage);
    }

    /** {@link #readPage}, with the page asked of {@code pages}; null when it answers null. */
    private PageRead readPage(String requestPath, String rawQuery, BiFunction<Listing, PageRequest, Page<R>> pages) {
        boolean keep = repeatedPages != null && requestPath.equals(path);
        RepeatedPageReads.Kept kept = keep ? repeatedPages.get(rawQuery) : null;
        PageQuery query = kept != null ? kept.query() : pageQuery(rawQuery);
        Page<R> page = pages.apply(query.listing(), query.request());
        if (page == null) {
            return null;
        }
        if (kept != null && kept.answers(page)) {
            return kept.read();
        }
        String next = page.next().map(position -> PageCursor.encode(query.list(), position)).orElse(null);
        String link = next == null ? null
                : "<" + query.parameters().link(requestPath, "cursor", next) + ">; rel=\"next\"";
        PageRead read = new PageRead(rendered.page(page.items(), this::toResponse, next), link);
        if (keep) {
            repeatedPages.keep(rawQuery, query, page, read);
        }
        return read;
    }

    /** {@code rawQuery} read as the query of a page of this list; its problems are thrown, as a 400 naming each. */
    private PageQuery pageQuery(String rawQuery) {
        InputCheck check = new InputCheck();
        QueryParameters query = QueryParameters.parse(rawQuery, check);
        query.allowOnly(knownParameters, check);
        Listing listing = listing(query, check);
        int limit = query.limit(check);
        String cursor = query.single("cursor", check);
        check.throwIfAny();
        String list = path + " " + listing.name();
        Optional<Position> after = Optional.empty();
        if (cursor != null) {
            after = PageCursor.decode(list, cursor);
            if (after.isEmpty()) {
                check.add("cursor", "must be the next_cursor of a page of this same list, unchanged");
                check.throwIfAny();
            }
        }
        return new PageQuery(listing, new PageRequest(after, limit), list, query);
    }

    /**
     * {@code GET path/{id}}: the entity's JSON and its {@code ETag} ({@link #read}). When A read {@link DirectReads}
     * already tried and handed over (a failure) is answered as that failure.
     */
    private void get(Context ctx) {
        DirectReads.throwFailedRead(ctx);
        RenderedJson.send(ctx, 200, read(ctx.pathParam("id")));
    }

    /**
     * The JSON and tag {@code GET path/{id}} answers for {@code rawId}. Where the use case answers a cache hit as the
     * entity's canonical JSON (ADR 13) those bytes are the body, as they are: they are what {@link #toResponse}
     * would write for the value, so the tag is the same whichever way the answer was made.
     *
     * @throws RuntimeException what the id's parsing or the use case throws (400, 404, 503…), answered as problems
     */
    final RenderedJson.Rendered read(String rawId) {
        return renderedOf(useCases.getValueOrJson(parseId(rawId)));
    }

    /**
     * {@link #read}, when the use case answers from memory alone ({@link ManageEntities#heldValueOrJson}, ADR 22);
     * null when it does not (not held — which is not "not found"), and {@link #read} answers on a thread that may
     * wait. A malformed id is thrown as {@link #read} throws it.
     */
    final RenderedJson.Rendered heldRead(String rawId) {
        ValueOrJson<R> found = useCases.heldValueOrJson(parseId(rawId));
        return found == null ? null : renderedOf(found);
    }

    private RenderedJson.Rendered renderedOf(ValueOrJson<R> found) {
        return found.isJson() ? RenderedJson.Rendered.of(found.json())
                : rendered.rendered(found.value(), this::toResponse);
    }

    /** The collection's path, such as {@code /heroes}; its items are at {@code path/{id}}. */
    final String path() {
        return path;
    }

    protected final I id(Context ctx) {
        return parseId(ctx.pathParam("id"));
    }

    /**
     * The request's {@code If-Match} as a check of the entity's current state: the use case runs it on the row it
     * locked for the write, so no other write can come between the check and this one. It renders that state as a
     * {@code GET} would answer it and refuses (412, nothing written) unless its tag is listed; without
     * {@code If-Match} it accepts anything.
     */
    protected final Consumer<R> expected(Context ctx) {
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null) {
            return current -> { };
        }
        return current -> {
            if (!EntityTag.matchHits(ifMatch, rendered.tagOf(current, this::toResponse))) {
                throw new PreconditionFailedException("If-Match names no current tag of " + ctx.path()
                        + ": it changed since it was read, and nothing was written. Read it again for its ETag.");
            }
        };
    }

    /** Answers 200 with the JSON of a write's result and its {@code ETag}. */
    protected final void respondWritten(Context ctx, R entity) {
        rendered.respondFresh(ctx, 200, toResponse(entity));
    }

    protected final <T> T body(Context ctx, Class<T> type, InputCheck check) {
        return body.read(ctx, type, check);
    }

    protected static Optional<Language> language(QueryParameters query, InputCheck check) {
        return Optional.ofNullable(check.parseOptional("language", query.single("language", check), Language::of));
    }

    private void create(Context ctx) {
        R created = useCases.create(command(ctx));
        ctx.header("Location", path + "/" + idOf(created));
        rendered.respondFresh(ctx, 201, toResponse(created));
    }

    private C command(Context ctx) {
        InputCheck check = new InputCheck();
        Q request = body(ctx, requestType, check);
        C command = toCommand(request, check);
        check.throwIfAny(() -> applyDomainRules(command));
        return command;
    }
}
