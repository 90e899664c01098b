package dev.taleweaver.bootstrap.archfixture.bootstrap;

import dev.taleweaver.bootstrap.archfixture.domain.LoggingEntity;

/** Closes the domain → bootstrap → domain cycle, and holds a Jedis client outside the Redis adapter. */
public class Wiring {
    LoggingEntity entity;
    redis.clients.jedis.UnifiedJedis reads;
}
