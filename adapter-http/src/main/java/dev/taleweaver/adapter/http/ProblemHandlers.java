package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.PreconditionFailedException;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.domain.common.Text;
import dev.taleweaver.domain.common.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} response, including Javalin's own 404, 405
 * and 413 (every 413 is sent at once, then the rest of the body is discarded, see {@link OversizedBody}). Clients never see a stack trace
 * or a Java class name; unexpected failures are logged with a reference the response repeats: the request's
 * {@code X-Request-Id}, which every other log line of the request carries too. Failures of the client's side of the
 * connection (broken framing, a body cut short, a client gone, see {@link ClientFailure}) are 4xx and DEBUG only.
 */
final class ProblemHandlers implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

    /** Seconds a client should wait before retrying while storage is down. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** Most characters of field names a validation problem's detail repeats (the errors array has them all). */
    static final int DETAIL_FIELDS_MAX = 200;

    /**
     * Longest request path a problem names as its {@code instance}. No route's path comes near it (the longest is
     * {@code /stories/{uuid}/rating}); a longer one is left out, since a clipped path would name no resource, and
     * the answer would otherwise grow with the request line.
     */
    static final int INSTANCE_MAX = 256;

    private final long maxRequestBytes;
    private final OversizedBody oversized;
    private final ObjectMapper mapper;

    ProblemHandlers(long maxRequestBytes, ObjectMapper mapper) {
        this.maxRequestBytes = maxRequestBytes;
        this.oversized = new OversizedBody(maxRequestBytes);
        this.mapper = mapper;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.exception(ValidationException.class, (e, ctx) -> {
            List<ProblemDetail.FieldError> errors = e.violations().stream().map(ProblemDetail.FieldError::of).toList();
            write(ctx, ProblemType.VALIDATION, describe(e, errors), errors);
        });
        config.routes.exception(HttpProblem.class, (e, ctx) -> {
            if (e.status() == 413) {
                refuseOversized(ctx, e.typeUri(), e.detail());
                return;
            }
            write(ctx, e.status(), e.typeUri(), e.title(), e.detail(), null);
        });
        config.routes.exception(EntityNotFoundException.class, (e, ctx) ->
                write(ctx, ProblemType.NOT_FOUND, capitalised(e.getMessage()) + ".", null));
        config.routes.exception(EntityConflictException.class, (e, ctx) ->
                write(ctx, ProblemType.CONFLICT, capitalised(e.getMessage()) + ".", null));
        config.routes.exception(PreconditionFailedException.class, (e, ctx) ->
                write(ctx, ProblemType.PRECONDITION_FAILED, e.getMessage(), null));
        config.routes.exception(StorageUnavailableException.class, (e, ctx) -> {
            log.error("Storage unavailable for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            write(ctx, ProblemType.STORAGE_UNAVAILABLE,
                    "The data store is temporarily unavailable; retry in " + RETRY_AFTER_SECONDS + " seconds.", null);
        });
        config.routes.exception(HttpResponseException.class, this::javalinResponse);
        // a body read that hit Jetty's idle timeout is answered 408 by Javalin itself, before any exception handler
        // and without a body (logged by Javalin at DEBUG): give it the API's shape
        config.routes.error(408, ctx -> {
            String contentType = ctx.res().getContentType();
            if (contentType == null || !contentType.startsWith(ProblemDetail.MEDIA_TYPE)) {
                ctx.header("Connection", "close");
                HttpProblem problem = ClientFailure.stalled();
                write(ctx, problem.status(), problem.typeUri(), problem.title(), problem.detail(), null);
            }
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            Optional<HttpProblem> clientFailure = ClientFailure.of(e);
            if (clientFailure.isPresent() && ctx.res().isCommitted()) {
                clientGoneMidAnswer(ctx, e);
                return;
            }
            if (clientFailure.isPresent()) {
                clientFailed(ctx, clientFailure.get(), e);
                return;
            }
            String reference = RequestIdHandler.current();
            log.error("Unexpected failure on {} {} (reference {})", ctx.method(), ctx.path(), reference, e);
            write(ctx, 500, ProblemType.ABOUT_BLANK, ProblemType.statusTitle(500), unexpected(reference), null);
        });
        // java.lang.Error (StackOverflowError, OutOfMemoryError…) bypasses exception handlers; Javalin would answer
        // an empty 500
        config.router.javaLangErrorHandler((response, error) -> {
            String reference = RequestIdHandler.current();
            log.error("Fatal error while serving a request (reference {})", reference, error);
            ProblemDetail problem = new ProblemDetail(ProblemType.ABOUT_BLANK, ProblemType.statusTitle(500), 500,
                    unexpected(reference), null, null);
            try {
                response.setStatus(500);
                response.setContentType(ProblemDetail.MEDIA_TYPE);
                response.getOutputStream().write(mapper.writeValueAsBytes(problem));
            } catch (IOException | RuntimeException e) {
                log.warn("Could not write the problem for reference {}", reference, e);
            }
        });
    }

    /**
     * A broken, truncated, stalled or abandoned request body ({@link ClientFailure}): the client's mistake, so a 4xx
     * and a DEBUG line without a stack trace. The connection is closed, as its framing can no longer be trusted.
     */
    private static void clientFailed(Context ctx, HttpProblem problem, Exception e) {
        log.debug("Client-side failure on {} {}, answered {}: {}", ctx.method(), ctx.path(), problem.status(),
                e.toString());
        ctx.header("Connection", "close");
        write(ctx, problem.status(), problem.typeUri(), problem.title(), problem.detail(), null);
    }

    /**
     * The client went away (or stopped reading past the idle timeout) while its answer was being written
     * ({@link RenderedJson#send}): the status line is already on the wire, so there is no one to tell and nothing
     * to write. Writing a problem there failed again, and Javalin then skipped the request logger, so the request
     * vanished from the access log and the metrics; now it is logged and counted with the status it was sent.
     */
    private static void clientGoneMidAnswer(Context ctx, Exception e) {
        log.debug("Client went away during the answer to {} {} ({} sent): {}", ctx.method(), ctx.path(),
                ctx.statusCode(), e.toString());
    }

    private static String unexpected(String reference) {
        return "An unexpected error occurred; it has been logged with reference " + reference + ".";
    }

    /** Javalin's own refusals: no such route, wrong method, body over the limit. */
    private void javalinResponse(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (status == 413) {
            refuseOversized(ctx, ProblemType.ABOUT_BLANK, JsonBody.tooLarge(maxRequestBytes).detail());
            return;
        }
        String detail = switch (status) {
            case 404 -> "No endpoint " + ctx.method() + " " + ctx.path() + ".";
            case 405 -> {
                String allowed = String.join(", ", e.getDetails().values());
                if (!allowed.isBlank()) {
                    ctx.header("Allow", allowed);
                }
                yield ctx.method() + " is not allowed on " + ctx.path()
                        + (allowed.isBlank() ? "." : "; allowed: " + allowed + ".");
            }
            default -> e.getMessage() == null || e.getMessage().isBlank()
                    ? ProblemType.statusTitle(status) + "." : e.getMessage();
        };
        write(ctx, status, ProblemType.ABOUT_BLANK, ProblemType.statusTitle(status), detail, null);
    }

    /** A 413 is written and flushed at once, then the rest of the body is discarded ({@link OversizedBody}). */
    private void refuseOversized(Context ctx, String type, String detail) {
        oversized.refuse(ctx, json(ctx, 413, type, ProblemType.statusTitle(413), detail, null));
    }

    private static void write(Context ctx, ProblemType type, String detail, List<ProblemDetail.FieldError> errors) {
        write(ctx, type.status(), type.uri(), type.title(), detail, errors);
    }

    static void write(Context ctx, int status, String type, String title, String detail,
                      List<ProblemDetail.FieldError> errors) {
        ctx.status(status)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .result(json(ctx, status, type, title, detail, errors));
    }

    /**
     * The problem as UTF-8 bytes: a String result is encoded in the response's charset, ISO-8859-1 for this media
     * type, which turned every non-Latin-1 character of a detail or an echoed value into '?'.
     */
    private static byte[] json(Context ctx, int status, String type, String title, String detail,
                               List<ProblemDetail.FieldError> errors) {
        ProblemDetail problem = new ProblemDetail(type, title, status, detail, instance(ctx.path()), errors);
        return ctx.jsonMapper().toJsonString(problem, ProblemDetail.class).getBytes(StandardCharsets.UTF_8);
    }

    private static String instance(String path) {
        return path.length() <= INSTANCE_MAX ? path : null;
    }

    /**
     * "2 fields are invalid: name, age." when every problem is listed; "23 problems; the first 20 are listed." when
     * some are only counted. At most {@link #DETAIL_FIELDS_MAX} characters of field names either way.
     */
    static String describe(ValidationException e, List<ProblemDetail.FieldError> errors) {
        if (e.unlisted() > 0) {
            return e.total() + " problems; the first " + errors.size() + " are listed.";
        }
        List<String> fields = errors.stream().map(ProblemDetail.FieldError::field).distinct().toList();
        return (fields.size() == 1 ? "1 field is" : fields.size() + " fields are") + " invalid: "
                + Text.clip(String.join(", ", fields), DETAIL_FIELDS_MAX) + ".";
    }

    private static String capitalised(String message) {
        return message == null || message.isEmpty() ? ""
                : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
