package dev.taleweaver.bootstrap.archfixture.adapter.metrics;

import dev.taleweaver.bootstrap.archfixture.application.cache.aside.CacheAside;

/** Breaks: the metrics adapter reads an application implementation class (not a port) and uses Jackson. */
public class MetersReadingTheCache {
    CacheAside cache;
    com.fasterxml.jackson.databind.ObjectMapper mapper;
}
