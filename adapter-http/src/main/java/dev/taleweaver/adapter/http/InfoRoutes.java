package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.BuildInfo;
import io.javalin.config.JavalinConfig;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /info}: version, git commit, build time, Java version and the cache levels in use, the same figures as
 * the {@code taleweaver_build_info} gauge. Public like the health checks: it names no host, setting or secret.
 */
public final class InfoRoutes implements HttpRoutes {

    /** The document, snake_case like every answer. */
    record InfoResponse(String version, String gitCommit, String buildTime, String javaVersion,
                        List<String> cacheLevels) {
        static InfoResponse of(BuildInfo info) {
            return new InfoResponse(info.version(), info.gitCommit(), info.buildTime(), info.javaVersion(),
                    info.cacheLevels());
        }
    }

    private final InfoResponse info;

    public InfoRoutes(BuildInfo info) {
        this.info = InfoResponse.of(Objects.requireNonNull(info, "info"));
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/info", ctx -> ctx.json(info));
    }
}
