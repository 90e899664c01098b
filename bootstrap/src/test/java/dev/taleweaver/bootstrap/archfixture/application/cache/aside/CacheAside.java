package dev.taleweaver.bootstrap.archfixture.application.cache.aside;

/** A cache implementation class: only the wiring may know it. */
public class CacheAside {
}
