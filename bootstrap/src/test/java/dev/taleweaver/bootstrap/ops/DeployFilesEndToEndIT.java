package dev.taleweaver.bootstrap.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files under {@code deploy/} against the real service's {@code GET /metrics}, after traffic that makes every
 * meter appear: each metric the Grafana dashboard and the Prometheus alert rules query is really exported, and
 * {@code promtool check metrics} finds nothing to complain about in our own metrics.
 *
 * <p>promtool comes with Debian's {@code prometheus} package, which {@code .ci/run} installs: in CI
 * ({@code CI=true}) a missing promtool fails the test; elsewhere that one check is skipped, visibly.
 */
class DeployFilesEndToEndIT {
    private static final Path DEPLOY = Path.of("").toAbsolutePath().getParent().resolve("deploy");
    private static final String TOKEN = OpsService.newAdminToken();
    /**
     * Names of Micrometer's own JVM/process binders that promtool's naming lint dislikes; kept because the usual
     * JVM dashboards query them under these names. Nothing of ours may be here.
     */
    private static final Set<String> MICROMETER_NAMES_PROMTOOL_DISLIKES =
            Set.of("system_cpu_count", "process_cpu_time_ns_total");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");

    private static Backing backing;
    private static OpsService service;
    private static OpsHttp http;
    private static String metrics;

    @BeforeAll
    static void startAndMakeTraffic() {
        backing = Backing.create();
        service = backing.service().adminToken(TOKEN).start();
        http = service.http();
        String id = http.createHero("Dashboard Dora", "en").get("id").asText();
        http.renameHero(id, "Dashboard Dora II", "en");        // invalidations
        http.flush(TOKEN, "hero");
        for (int i = 0; i < 3; i++) {
            http.ok("/heroes/" + id);                           // a miss, a put, then hits (L1 and Redis)
            http.ok("/heroes");
        }
        http.get("/heroes/not-a-uuid");                         // a client error
        http.get("/no/such/route");                             // NOT_FOUND
        metrics = http.ok("/metrics");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (backing != null) {
            backing.close();
        }
    }

    @Test
    void everyMetricOfTheGrafanaDashboardIsExported() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/taleweaver.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        // the instance variable: label_values(metric, instance) lists the instances exporting that metric
        queries.add(dashboard.at("/templating/list/0/query/query").asText()
                .replaceAll("^label_values\\((\\w+),.*$", "$1"));

        Set<String> used = metricNames(queries);

        assertThat(used).as("names read from %s queries", queries.size())
                .contains("cache_gets_total", "http_server_requests_seconds_bucket", "taleweaver_cache_circuit_state");
        assertThat(exported()).as("the dashboard's metrics in a live scrape").containsAll(used);
    }

    @Test
    void everyMetricOfTheAlertRulesIsExported() throws IOException {
        List<String> exprs = alertExpressions();

        Set<String> used = metricNames(exprs);

        assertThat(exprs).as("the nine alerts of docs/operations.md").hasSize(9);
        assertThat(exported()).as("the alerts' metrics in a live scrape").containsAll(used);
    }

    @Test
    void theRunbooksAlertTableShowsTheRulesOfAlertsYaml() throws IOException {
        String runbook = Files.readString(DEPLOY.getParent().resolve("docs/operations.md"), StandardCharsets.UTF_8);

        for (String expr : alertExpressions()) {
            assertThat(runbook).as("docs/operations.md quotes the rule of alerts.yaml").contains("`" + expr + "`");
        }
    }

    @Test
    void promtoolFindsNoProblemInOurMetrics() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean present = Files.isExecutable(Path.of("/usr/bin/promtool"));
        assertThat(present || !ci).as("CI must install promtool (Debian package prometheus)").isTrue();
        assumeTrue(present, "promtool is not installed (apt-get install prometheus); lint skipped outside CI");

        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true)
                .start();
        promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<String> problems = report.lines().filter(line -> !line.isBlank())
                .filter(line -> !MICROMETER_NAMES_PROMTOOL_DISLIKES.contains(line.split(" ")[0]))
                .toList();
        assertThat(problems).as("promtool check metrics on a live /metrics:%n%s", report).isEmpty();
    }

    private static List<String> alertExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        Matcher expr = Pattern.compile("(?m)^\\s+expr:\\s*(.+?)\\s*$")
                .matcher(Files.readString(DEPLOY.resolve("prometheus/alerts.yaml"), StandardCharsets.UTF_8));
        while (expr.find()) {
            exprs.add(expr.group(1));
        }
        return exprs;
    }

    /** Sample names in the scrape ({@code x_bucket}, {@code x_count}, {@code x_total}, …). */
    private static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        metrics.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /**
     * The metric names a PromQL query selects: what is left of its identifiers once strings, label matchers,
     * ranges, grouping clauses, function calls and keywords are taken out. Grafana's variables ($instance,
     * $__rate_interval) only ever stand inside matchers and ranges.
     */
    static Set<String> metricNames(List<String> queries) {
        Set<String> names = new TreeSet<>();
        Pattern identifier = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");
        for (String query : queries) {
            String bare = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                    .replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                    .replaceAll("\\b\\d+(\\.\\d+)?(e[+-]?\\d+)?\\b", " ");
            Matcher token = identifier.matcher(bare);
            while (token.find()) {
                boolean call = token.group(1) != null;
                if (!call && !PROMQL_WORDS.contains(token.group().toLowerCase())) {
                    names.add(token.group());
                }
            }
        }
        return names;
    }
}
