package dev.taleweaver.bootstrap.archfixture.adapter.redis;

import dev.taleweaver.bootstrap.archfixture.adapter.postgres.RepositoryCallingRedis;

/** Breaks: one adapter depends on another, and uses JDBI. */
public class StoreCallingPostgres {
    RepositoryCallingRedis repository;
    org.jdbi.v3.core.Jdbi jdbi;
}
