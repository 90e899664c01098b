package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code HEAD} and {@code OPTIONS} for every route, registered after all other groups so it sees each of them.
 *
 * <ul>
 *   <li>{@code HEAD path} runs the very handler of {@code GET path}: same status and headers (an unknown id is
 *       404, a matching {@code If-None-Match} 304), and Jetty sends no body. Without it Javalin answered any
 *       {@code HEAD} of a GET path 200 with an empty text body, even for an unknown id.</li>
 *   <li>{@code OPTIONS path} answers 204 with {@code Allow} listing every method of the path, {@code HEAD} and
 *       {@code OPTIONS} included; {@link Cors} adds the CORS headers to a preflight from an allowed origin.</li>
 * </ul>
 */
final class HeadAndOptions implements HttpRoutes {
    /** The order methods are listed in {@code Allow}. */
    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Override
    public void register(JavalinConfig config) {
        Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
        List<Endpoint> gets = new ArrayList<>();
        for (ParsedEndpoint parsed : List.copyOf(config.unsafe.internalRouter.allHttpHandlers())) {
            Endpoint endpoint = parsed.endpoint;
            if (!endpoint.method.isHttpMethod()) {
                continue; // before/after handlers
            }
            methodsByPath.computeIfAbsent(endpoint.path, p -> new LinkedHashSet<>()).add(endpoint.method.name());
            if (endpoint.method == HandlerType.GET) {
                gets.add(endpoint);
            }
        }
        for (Endpoint get : gets) {
            if (methodsByPath.get(get.path).add("HEAD")) {
                config.routes.head(get.path, get.handler);
            }
        }
        methodsByPath.forEach((path, methods) -> {
            if (methods.add("OPTIONS")) {
                String allow = allow(methods);
                config.routes.options(path, ctx -> ctx.header("Allow", allow).status(204));
            }
        });
    }

    static String allow(Set<String> methods) {
        List<String> sorted = new ArrayList<>(methods);
        sorted.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return String.join(", ", sorted);
    }

    private static int rank(String method) {
        int i = ORDER.indexOf(method);
        return i < 0 ? ORDER.size() : i;
    }
}
