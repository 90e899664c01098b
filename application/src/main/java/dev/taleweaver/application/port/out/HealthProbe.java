package dev.taleweaver.application.port.out;

import dev.taleweaver.application.port.in.ComponentHealth;

/** One dependency that can say whether it works, e.g. the database or the cache. Must not throw. */
public interface HealthProbe {
    String component();

    ComponentHealth probe();
}
