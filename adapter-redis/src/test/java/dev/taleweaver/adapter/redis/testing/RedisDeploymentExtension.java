package dev.taleweaver.adapter.redis.testing;

import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.api.RedissonClient;

import java.util.function.Supplier;

/**
 * Starts a {@link RedisDeployment} once for a test class (as a static {@code @RegisterExtension} field) with one
 * shared client, and stops both after the class; {@link #testRedis()} gives a test a fresh key prefix on it.
 */
public final class RedisDeploymentExtension implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<? extends RedisDeployment> starter;
    private RedisDeployment deployment;
    private RedissonClient client;

    public RedisDeploymentExtension(Supplier<? extends RedisDeployment> starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getTestClass().flatMap(c -> java.util.Optional.ofNullable(c.getEnclosingClass())).isPresent()
                && deployment != null) {
            return; // a @Nested class of the class that started it
        }
        deployment = starter.get();
        client = RedisClientFactory.create(deployment.config(""));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestClass().map(Class::getEnclosingClass).isPresent()) {
            return;
        }
        if (client != null) {
            client.shutdown();
        }
        if (deployment != null) {
            deployment.close();
        }
        client = null;
        deployment = null;
    }

    public RedisDeployment deployment() {
        return deployment;
    }

    public RedisConfig config(String keyPrefix) {
        return deployment.config(keyPrefix);
    }

    /** A fresh key prefix on the deployment, through the shared client. */
    public TestRedis testRedis() {
        return TestRedis.on(deployment.config(""), client);
    }
}
