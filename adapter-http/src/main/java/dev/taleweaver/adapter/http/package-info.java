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
 * <p>Operations: every request carries an {@code X-Request-Id} (the client's when sane, else a UUID), echoed in the
 * response and set in the slf4j MDC as {@code http.request.id} while the request is handled; a
 * {@link dev.taleweaver.adapter.http.RequestObserver} sees each request by route pattern (metrics).
 * {@link dev.taleweaver.adapter.http.AdminRoutes} adds {@code GET /admin/cache/stats} and {@code DELETE
 * /admin/cache[/{entity_type}]} behind a bearer token (401 without it, 404 for all of {@code /admin/*} when no token
 * is configured); {@link dev.taleweaver.adapter.http.DashboardRoutes} serves the live cache dashboard at
 * {@code /dashboard}.
 *
 * <p>Depends on {@code application.port.in} and domain types only; {@link dev.taleweaver.adapter.http.HttpServer} is
 * the entry point and {@link dev.taleweaver.adapter.http.HttpRoutes} the extension point for more endpoints.
 */
package dev.taleweaver.adapter.http;
