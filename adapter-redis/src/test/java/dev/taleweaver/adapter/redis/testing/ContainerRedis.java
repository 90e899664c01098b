package dev.taleweaver.adapter.redis.testing;

import com.redis.testcontainers.RedisContainer;
import org.testcontainers.DockerClientFactory;

import java.util.Optional;

/**
 * The Testcontainers step of {@link TestRedis}, in a class of its own so that modules without Testcontainers on
 * their test classpath never load it.
 */
final class ContainerRedis {
    private ContainerRedis() {
    }

    /** The URL of a started Redis container (removed by Testcontainers at JVM exit), or empty without Docker. */
    @SuppressWarnings("resource")
    static Optional<String> start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.empty();
        }
        RedisContainer container = new RedisContainer(
                RedisContainer.DEFAULT_IMAGE_NAME.withTag(RedisContainer.DEFAULT_TAG));
        container.start();
        return Optional.of(container.getRedisURI());
    }
}
