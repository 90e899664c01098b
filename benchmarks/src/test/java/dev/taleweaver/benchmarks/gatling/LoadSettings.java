package dev.taleweaver.benchmarks.gatling;

import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;

import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * A simulation's knobs, each a system property given to {@code mvn gatling:test} (bin/gatling.sh passes its
 * arguments through): {@code -DbaseUrl=http://127.0.0.1:7070 -Drate=2000 -Dduration=60} and so on.
 */
public final class LoadSettings {
    private LoadSettings() {
    }

    public static String baseUrl() {
        String url = System.getProperty("baseUrl", "http://127.0.0.1:7070");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static double rate() {
        return Double.parseDouble(System.getProperty("rate", "2000"));
    }

    public static Duration duration(String property, int defaultSeconds) {
        return Duration.ofSeconds(Integer.getInteger(property, defaultSeconds));
    }

    /** Client connections kept open to the server (docs/operations.md plans for 100+). */
    public static int connections() {
        return Integer.getInteger("connections", 128);
    }

    /**
     * The HTTP protocol of a load that holds at most {@code connections} connections: without
     * {@code shareConnections()} every virtual user has its own pool, and a user that sends one request at a time
     * opens exactly one keep-alive connection and keeps it until it ends. (With a shared pool Gatling opens a new
     * connection whenever none is idle at that instant, and {@code maxConnectionsPerHost} does not cap it: the open
     * model of 2026-12-05 held 4,148.) Prints {@code CONNECTION_CAP=<n>}, which bin/gatling.sh checks its
     * connection samples against.
     */
    public static HttpProtocolBuilder protocol(int connections) {
        System.out.println("CONNECTION_CAP=" + connections);
        return http.baseUrl(baseUrl()).acceptHeader("application/json").disableCaching();
    }

    public static double zipfExponent() {
        return Double.parseDouble(System.getProperty("zipf", "1.0"));
    }

    /**
     * Prints the wall-clock second a load starts or ends ({@code LOAD_WINDOW start=1767…}), so bin/gatling.sh can
     * judge its connection samples over the load alone, without JVM start-up and report generation.
     */
    public static void markLoadWindow(String edge) {
        System.out.println("LOAD_WINDOW " + edge + "=" + System.currentTimeMillis() / 1000);
    }

    /** The admin token, for endpoints that need one; empty when not given. */
    public static String adminToken() {
        String fromProperty = System.getProperty("adminToken");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty;
        }
        String fromEnv = System.getenv("ADMIN_TOKEN");
        return fromEnv == null ? "" : fromEnv;
    }
}
