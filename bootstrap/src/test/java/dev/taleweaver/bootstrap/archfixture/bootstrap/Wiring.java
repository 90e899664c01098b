package dev.taleweaver.bootstrap.archfixture.bootstrap;

import dev.taleweaver.bootstrap.archfixture.domain.LoggingEntity;

/** Closes the domain → bootstrap → domain cycle. */
public class Wiring {
    LoggingEntity entity;
}
