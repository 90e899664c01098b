package dev.taleweaver.application.port.in;

import java.util.Map;

/** The service is healthy when every critical component is UP; a non-critical one (the cache) may be down. */
public record HealthReport(Map<String, ComponentHealth> components) {
    public HealthReport {
        components = Map.copyOf(components);
    }

    public boolean healthy() {
        return components.values().stream()
                .noneMatch(c -> c.critical() && c.status() != ComponentHealth.Status.UP);
    }
}
