package dev.taleweaver.bootstrap.archfixture.domain;

import dev.taleweaver.bootstrap.archfixture.bootstrap.Wiring;

/** Breaks: domain uses a framework (slf4j) and depends on bootstrap (which depends back: a cycle). */
public class LoggingEntity {
    final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LoggingEntity.class);
    Wiring wiring;
}
