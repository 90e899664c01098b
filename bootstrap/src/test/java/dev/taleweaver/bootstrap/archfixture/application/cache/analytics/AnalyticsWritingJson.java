package dev.taleweaver.bootstrap.archfixture.application.cache.analytics;

/** Breaks: the analytics may use in-memory structures (Caffeine, DataSketches), not Jackson. */
public class AnalyticsWritingJson {
    final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
}
