package dev.taleweaver.bootstrap.archfixture.adapter.postgres;

import dev.taleweaver.bootstrap.archfixture.adapter.redis.StoreCallingPostgres;

/** Breaks: one adapter depends on another, and uses Redisson. */
public class RepositoryCallingRedis {
    StoreCallingPostgres store;
    org.redisson.api.RedissonClient client;
}
