package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.in.HealthReport;

import java.util.Map;
import java.util.TreeMap;

/** {@code GET /health}: overall status and one entry per dependency, sorted by name for a stable document. */
record HealthResponse(String status, Map<String, Component> components) {

    record Component(String status, String detail) {
    }

    static HealthResponse of(HealthReport report) {
        Map<String, Component> components = new TreeMap<>();
        report.components().forEach((name, c) -> components.put(name, new Component(c.status().name(), c.detail())));
        return new HealthResponse(report.healthy() ? ComponentHealth.Status.UP.name()
                : ComponentHealth.Status.DOWN.name(), components);
    }
}
