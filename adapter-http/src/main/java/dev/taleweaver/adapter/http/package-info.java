/**
 * The HTTP API of Taleweaver on Javalin 7: {@code /heroes}, {@code /children}, {@code /stories} (CRUD, list filters
 * {@code ?language=} and, for stories, {@code ?child_id=}), {@code PUT /stories/{id}/rating} and {@code /health}.
 *
 * <p>Bodies are snake_case JSON; timestamps ISO-8601 UTC. Every error is an RFC 9457 {@code application/problem+json}
 * document; a 400 for invalid input lists every invalid field in {@code errors} at once. Types used:
 * {@code https://taleweaver.dev/problems/validation}, {@code …/malformed-body}, {@code …/not-found},
 * {@code …/conflict}, {@code …/storage-unavailable} (503, {@code Retry-After}), and {@code about:blank} for refusals
 * that mean no more than their status (unknown route 404, 405, 413, 415, 500, Jetty-level errors).
 *
 * <p>Depends on {@code application.port.in} and domain types only; {@link dev.taleweaver.adapter.http.HttpServer} is
 * the entry point and {@link dev.taleweaver.adapter.http.HttpRoutes} the extension point for more endpoints.
 */
package dev.taleweaver.adapter.http;
