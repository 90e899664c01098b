package dev.taleweaver.bootstrap;

import dev.taleweaver.application.port.in.BuildInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The build's facts, written into {@value #RESOURCE} by Maven's resource filtering: the project version, and the git
 * commit and build time the git-commit-id plugin found. A build outside a git checkout (a source tarball) leaves
 * those placeholders unfilled; they read as {@link BuildInfo#UNKNOWN} instead of failing.
 */
final class BuildProperties {
    static final String RESOURCE = "/taleweaver-build.properties";

    private BuildProperties() {
    }

    static BuildInfo describe(Settings settings) {
        Properties build = load();
        return new BuildInfo(value(build, "version"), value(build, "git.commit"), value(build, "build.time"),
                Runtime.version().toString(), cacheLevels(settings));
    }

    /** Lookup order: the in-process L1 (only in front of Redis), then Redis; none with REDIS_ENABLED=false. */
    static List<String> cacheLevels(Settings settings) {
        List<String> levels = new ArrayList<>();
        if (settings.redisEnabled()) {
            if (settings.l1().enabled()) {
                levels.add("l1");
            }
            levels.add("redis");
        }
        return levels;
    }

    /** A value, or {@link BuildInfo#UNKNOWN} when missing or left unfilled (built outside a git checkout). */
    static String value(Properties build, String key) {
        String value = build.getProperty(key, "").strip();
        return value.isEmpty() || value.contains("${") ? BuildInfo.UNKNOWN : value;
    }

    private static Properties load() {
        Properties build = new Properties();
        try (InputStream in = BuildProperties.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
        return build;
    }
}
