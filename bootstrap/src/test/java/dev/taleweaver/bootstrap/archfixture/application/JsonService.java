package dev.taleweaver.bootstrap.archfixture.application;

/** Breaks: the application layer uses Jackson and Dagger. */
@dagger.Module
public class JsonService {
    final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
}
