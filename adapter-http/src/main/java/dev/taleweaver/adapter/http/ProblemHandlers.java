package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.domain.common.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} response, including Javalin's own 404, 405
 * and 413 (every 413 first discards the rest of the body, see {@link OversizedBody}). Clients never see a stack trace
 * or a Java class name; unexpected failures are logged with a reference the response repeats: the request's
 * {@code X-Request-Id}, which every other log line of the request carries too.
 */
final class ProblemHandlers implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

    /** Seconds a client should wait before retrying while storage is down. */
    static final String RETRY_AFTER_SECONDS = "5";

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
            write(ctx, ProblemType.VALIDATION, describe(errors), errors);
        });
        config.routes.exception(HttpProblem.class, (e, ctx) -> {
            if (e.status() == 413) {
                oversized.refuse(ctx);
            }
            write(ctx, e.status(), e.typeUri(), e.title(), e.detail(), null);
        });
        config.routes.exception(EntityNotFoundException.class, (e, ctx) ->
                write(ctx, ProblemType.NOT_FOUND, capitalised(e.getMessage()) + ".", null));
        config.routes.exception(EntityConflictException.class, (e, ctx) ->
                write(ctx, ProblemType.CONFLICT, capitalised(e.getMessage()) + ".", null));
        config.routes.exception(StorageUnavailableException.class, (e, ctx) -> {
            log.error("Storage unavailable for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            write(ctx, ProblemType.STORAGE_UNAVAILABLE,
                    "The data store is temporarily unavailable; retry in " + RETRY_AFTER_SECONDS + " seconds.", null);
        });
        config.routes.exception(HttpResponseException.class, this::javalinResponse);
        config.routes.exception(Exception.class, (e, ctx) -> {
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

    private static String unexpected(String reference) {
        return "An unexpected error occurred; it has been logged with reference " + reference + ".";
    }

    /** Javalin's own refusals: no such route, wrong method, body over the limit. */
    private void javalinResponse(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
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
            case 413 -> {
                oversized.refuse(ctx);
                yield JsonBody.tooLarge(maxRequestBytes).detail();
            }
            default -> e.getMessage() == null || e.getMessage().isBlank()
                    ? ProblemType.statusTitle(status) + "." : e.getMessage();
        };
        write(ctx, status, ProblemType.ABOUT_BLANK, ProblemType.statusTitle(status), detail, null);
    }

    private static void write(Context ctx, ProblemType type, String detail, List<ProblemDetail.FieldError> errors) {
        write(ctx, type.status(), type.uri(), type.title(), detail, errors);
    }

    static void write(Context ctx, int status, String type, String title, String detail,
                      List<ProblemDetail.FieldError> errors) {
        ProblemDetail problem = new ProblemDetail(type, title, status, detail, ctx.path(), errors);
        // bytes, not a String: Javalin would encode a String in the response's charset, ISO-8859-1 for this type
        ctx.status(status)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .result(ctx.jsonMapper().toJsonString(problem, ProblemDetail.class).getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(List<ProblemDetail.FieldError> errors) {
        List<String> fields = errors.stream().map(ProblemDetail.FieldError::field).distinct().toList();
        return (fields.size() == 1 ? "1 field is" : fields.size() + " fields are") + " invalid: "
                + String.join(", ", fields) + ".";
    }

    private static String capitalised(String message) {
        return message == null || message.isEmpty() ? ""
                : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
