package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.http.HttpRoutes;
import io.javalin.config.JavalinConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark-only: {@code GET /bench/static} answers the bytes of a file, with no use case, cache or database
 * behind it — the HTTP ceiling of the machine, measured against {@code GET /heroes/{id}} serving the same
 * bytes (benchmarks/bin/gatling.sh writes the file). Registered only when {@code BENCH_STATIC_BODY_FILE} is
 * set; the file is read on first use so the script can write it after start-up.
 */
final class BenchmarkRoutes implements HttpRoutes {
    static final String VARIABLE = "BENCH_STATIC_BODY_FILE";

    private final Path file;
    private volatile byte[] body;

    BenchmarkRoutes(Path file) {
        this.file = file;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/bench/static", ctx -> ctx.contentType("application/json").result(body()));
    }

    private byte[] body() {
        byte[] bytes = body;
        if (bytes == null) {
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + VARIABLE + " " + file, e);
            }
            body = bytes;
        }
        return bytes;
    }
}
