package dev.taleweaver.application.port.in;

/** Reports the state of every dependency. */
public interface CheckHealth {
    HealthReport check();
}
