package dev.taleweaver.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class BuildPropertiesTest {

    @Test
    void aPlaceholderLeftByABuildWithoutGitReadsUnknown() {
        Properties build = new Properties();
        build.setProperty("git.commit", "${git.commit.id.abbrev}");
        build.setProperty("version", "1.0.0");

        assertThat(BuildProperties.value(build, "git.commit")).isEqualTo("unknown");
        assertThat(BuildProperties.value(build, "build.time")).isEqualTo("unknown");
        assertThat(BuildProperties.value(build, "version")).isEqualTo("1.0.0");
    }

    @Test
    void cacheLevelsFollowTheSettings() {
        assertThat(BuildProperties.cacheLevels(Settings.from(Map.of()))).containsExactly("l1", "redis");
        assertThat(BuildProperties.cacheLevels(Settings.from(Map.of("CACHE_L1_ENABLED", "false"))))
                .containsExactly("redis");
        assertThat(BuildProperties.cacheLevels(Settings.from(Map.of("REDIS_ENABLED", "false")))).isEmpty();
    }
}
