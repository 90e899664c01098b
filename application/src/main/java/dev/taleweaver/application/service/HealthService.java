package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.CheckHealth;
import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.in.HealthReport;
import dev.taleweaver.application.port.out.HealthProbe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks every probe and gathers the answers. */
public final class HealthService implements CheckHealth {
    private final List<HealthProbe> probes;

    public HealthService(List<HealthProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    @Override
    public HealthReport check() {
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        for (HealthProbe probe : probes) {
            components.put(probe.component(), probe.probe());
        }
        return new HealthReport(components);
    }
}
