package dev.taleweaver.bootstrap.archfixture.adapter.http;

import dev.taleweaver.bootstrap.archfixture.application.JsonService;

/** Breaks: the HTTP adapter reaches past port.in into the application's internals. */
public class RoutesCallingService {
    JsonService service;
}
