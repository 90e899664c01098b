package dev.taleweaver.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The layering of ARCHITECTURE.md, checked on the production classes of every module. */
class ArchitectureTest {
    private static final String ROOT = "dev.taleweaver";
    private static JavaClasses production;
    private final ArchitectureRules rules = new ArchitectureRules(ROOT);

    @BeforeAll
    static void importClasses() {
        // sibling modules arrive as target/classes or as jars depending on the Maven phase; test code
        // (test-classes directories and *-tests.jar test-jars) is never production
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    /** A rename must not make a rule vacuous: every package a rule names holds production classes. */
    @ParameterizedTest
    @ValueSource(strings = {"domain", "application.port.in", "application.port.out", "application.service",
            "application.cache", "application.cache.aside", "application.cache.resilience",
            "application.cache.operations", "application.cache.prefetch", "adapter.postgres", "adapter.redis", "adapter.http", "adapter.metrics",
            "bootstrap"})
    void everyRulePackageHoldsClasses(String relative) {
        String pkg = ROOT + "." + relative;
        assertThat(production.stream().filter(c -> c.getPackageName().startsWith(pkg)).count())
                .as("production classes in %s", pkg).isPositive();
    }

    @Test
    void domainUsesOnlyJava() {
        check(rules.domainUsesOnlyJava());
    }

    @Test
    void applicationUsesOnlyDomainJavaAndSlf4j() {
        check(rules.applicationUsesOnlyDomainJavaAndSlf4j());
    }

    @Test
    void postgresAdapterUsesItsOwnStack() {
        check(rules.postgresAdapterUsesItsOwnStack());
    }

    @Test
    void redisAdapterUsesItsOwnStack() {
        check(rules.redisAdapterUsesItsOwnStack());
    }

    @Test
    void httpAdapterUsesInboundPortsOnly() {
        check(rules.httpAdapterUsesInboundPortsOnly());
    }

    @Test
    void metricsAdapterUsesItsOwnStack() {
        check(rules.metricsAdapterUsesItsOwnStack());
    }

    @Test
    void adaptersUseTheApplicationThroughItsPortsOnly() {
        check(rules.adaptersUseTheApplicationThroughItsPortsOnly());
    }

    @Test
    void portsNameNoImplementation() {
        check(rules.portsNameNoImplementation());
    }

    @Test
    void adaptersAreIndependent() {
        check(rules.adaptersAreIndependent());
    }

    @Test
    void nothingDependsOnBootstrap() {
        check(rules.nothingDependsOnBootstrap());
    }

    @Test
    void onlyBootstrapKnowsDagger() {
        check(rules.onlyBootstrapKnowsDagger());
    }

    @Test
    void onlyTheRedisAdapterKnowsJedis() {
        check(rules.onlyTheRedisAdapterKnowsJedis());
    }

    @Test
    void noPackageCycles() {
        check(rules.noPackageCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(production);
    }
}
