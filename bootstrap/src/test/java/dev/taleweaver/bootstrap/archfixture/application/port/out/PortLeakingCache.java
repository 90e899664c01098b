package dev.taleweaver.bootstrap.archfixture.application.port.out;

import dev.taleweaver.bootstrap.archfixture.application.cache.aside.CacheAside;

/** Breaks: a port names an implementation of the application. */
public interface PortLeakingCache {
    CacheAside implementation();
}
