package dev.taleweaver.bootstrap.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules of ARCHITECTURE.md, written against a root package so the same rules can run on the
 * product ({@code dev.taleweaver}) and on a deliberately broken fixture, proving that they bite.
 * Rules keep {@code failOnEmptyShould}: a rule whose packages match no class fails instead of passing.
 */
final class ArchitectureRules {
    private static final String[] JAVA = {"java..", "javax.annotation.."};

    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    private String pkg(String relative) {
        return root + "." + relative + "..";
    }

    ArchRule domainUsesOnlyJava() {
        return classes().that().resideInAPackage(pkg("domain"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JAVA, pkg("domain")))
                .because("the domain is plain Java");
    }

    ArchRule applicationUsesOnlyDomainJavaAndSlf4j() {
        return classes().that().resideInAPackage(pkg("application"))
                .and().resideOutsideOfPackage(pkg("application.cache.analytics"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        concat(JAVA, pkg("domain"), pkg("application"), "org.slf4j"))
                .because("use cases and the cache decorator are framework-free");
    }

    ArchRule cacheAnalyticsUsesOnlyInMemoryStructures() {
        return classes().that().resideInAPackage(pkg("application.cache.analytics"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JAVA, pkg("domain"),
                        pkg("application"), "org.slf4j", "com.github.benmanes.caffeine..", "org.apache.datasketches.."))
                .because("the cache analytics keeps bounded sketches and tracking maps (ADR 15): in-memory data "
                        + "structures, no I/O and no framework");
    }

    ArchRule postgresAdapterUsesItsOwnStack() {
        return classes().that().resideInAPackage(pkg("adapter.postgres"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JAVA,
                        pkg("domain"), pkg("application"), pkg("adapter.postgres"),
                        "javax.sql..", "org.jdbi..", "com.zaxxer.hikari..", "org.flywaydb..", "org.postgresql..", "org.slf4j"))
                .because("javax.sql is the JDK's JDBC API");
    }

    ArchRule redisAdapterUsesItsOwnStack() {
        return classes().that().resideInAPackage(pkg("adapter.redis"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JAVA,
                        pkg("domain"), pkg("application"), pkg("adapter.redis"),
                        "org.redisson..", "io.netty..", "redis.clients.jedis..", "org.apache.commons.pool2..",
                        "com.fasterxml.jackson..",
                        "com.github.benmanes.caffeine..", "org.slf4j", "javax.net.ssl..", "javax.security.auth.x500.."))
                .because("Netty is Redisson's transport (its exceptions tell a timeout from a lost connection); "
                        + "Jedis reads single keys on the caller's thread (ADR 18) from a commons-pool2 pool; "
                        + "Caffeine holds the in-process L1 of the two-level cache; the JDK's TLS API builds the "
                        + "Redis clients' own trust (REDIS_TLS_CA_FILE)");
    }

    ArchRule onlyTheRedisAdapterKnowsJedis() {
        return noClasses().that().resideOutsideOfPackage(pkg("adapter.redis"))
                .should().dependOnClassesThat().resideInAnyPackage("redis.clients..")
                .because("the Jedis client of the single-key reads (ADR 18) is built, used and closed inside the"
                        + " Redis adapter; bootstrap wires it through RedisConfig and RedissonCacheStore");
    }

    ArchRule httpAdapterUsesInboundPortsOnly() {
        return classes().that().resideInAPackage(pkg("adapter.http"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JAVA,
                        pkg("domain"), pkg("application.port.in"), pkg("adapter.http"),
                        "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "kotlin..",
                        "com.fasterxml.jackson..", "org.slf4j", "org.jetbrains.annotations..",
                        // PageCursor: the JDK's HMAC seals a page cursor to its list
                        "javax.crypto..",
                        // RenderedJson: response bytes kept by the identity of an immutable value, not a data cache;
                        // AdminGuard: failed admin attempts per client address
                        "com.github.benmanes.caffeine.."))
                .because("the HTTP adapter drives use cases, never repositories or the cache directly");
    }

    ArchRule metricsAdapterUsesItsOwnStack() {
        return classes().that().resideInAPackage(pkg("adapter.metrics"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JAVA,
                        pkg("domain"), pkg("application.port"), pkg("adapter.metrics"),
                        "io.micrometer..", "io.prometheus..", "org.slf4j"))
                .because("meters read what the application reports through its ports (CacheListener, "
                        + "L1CacheFigures, CacheServerStats); Micrometer writes the Prometheus format");
    }

    ArchRule adaptersUseTheApplicationThroughItsPortsOnly() {
        return noClasses().that().resideInAPackage(pkg("adapter"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("application.cache"), pkg("application.service"))
                .because("adapters plug into ports; the cache decorator and the services are wired by bootstrap");
    }

    ArchRule portsNameNoImplementation() {
        return noClasses().that().resideInAPackage(pkg("application.port"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("application.cache"), pkg("application.service"))
                .because("a port is what an adapter may see: it must not drag an implementation along");
    }

    ArchRule adaptersAreIndependent() {
        return slices().matching(root + ".adapter.(*)..").should().notDependOnEachOther();
    }

    ArchRule nothingDependsOnBootstrap() {
        return noClasses().that().resideOutsideOfPackage(pkg("bootstrap"))
                .should().dependOnClassesThat().resideInAPackage(pkg("bootstrap"));
    }

    ArchRule onlyBootstrapKnowsDagger() {
        return noClasses().that().resideOutsideOfPackage(pkg("bootstrap"))
                .should().dependOnClassesThat().resideInAnyPackage("dagger..", "javax.inject..", "jakarta.inject..");
    }

    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    List<ArchRule> all() {
        return List.of(domainUsesOnlyJava(), applicationUsesOnlyDomainJavaAndSlf4j(),
                cacheAnalyticsUsesOnlyInMemoryStructures(), postgresAdapterUsesItsOwnStack(),
                redisAdapterUsesItsOwnStack(), httpAdapterUsesInboundPortsOnly(), metricsAdapterUsesItsOwnStack(),
                adaptersUseTheApplicationThroughItsPortsOnly(), portsNameNoImplementation(), adaptersAreIndependent(),
                nothingDependsOnBootstrap(), onlyBootstrapKnowsDagger(), onlyTheRedisAdapterKnowsJedis(),
                noPackageCycles());
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
