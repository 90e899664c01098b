package dev.taleweaver.application.port.in;

import java.util.List;
import java.util.Objects;

/**
 * What this running service is: shown at {@code GET /info} and as the {@code taleweaver_build_info} gauge.
 *
 * @param version     the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param gitCommit   abbreviated commit the jar was built from, {@code unknown} when built outside a git checkout
 * @param buildTime   when the jar was built (ISO-8601, UTC), {@code unknown} when not recorded
 * @param javaVersion the running JVM's version
 * @param cacheLevels the cache levels in use, in lookup order: {@code l1}, {@code redis}; empty with caching off
 */
public record BuildInfo(String version, String gitCommit, String buildTime, String javaVersion,
                        List<String> cacheLevels) {
    public static final String UNKNOWN = "unknown";

    public BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(buildTime, "buildTime");
        Objects.requireNonNull(javaVersion, "javaVersion");
        cacheLevels = List.copyOf(cacheLevels);
    }
}
