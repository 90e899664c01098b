package dev.taleweaver.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the newest Gatling report's statistics as one table: per request and overall, count, errors, throughput
 * and the percentiles src/test/resources/gatling.conf asks for (50, 95, 99, 99.9; Gatling measures whole
 * milliseconds); with {@code --targets}, also the mixed load's verdicts (p99 &lt; 10 ms for issue 11, &lt; 5 ms for issue 5;
 * no error). Gatling 3.14 writes these only into the report's index.html, so they are read from its statistics
 * table, whose column headers name the percentiles.
 */
public final class GatlingReport {
    private static final Pattern HEADER = Pattern.compile("<th id=\"col-(\\d+)\"[^>]*><span>(?:<abbr[^>]*>)?([^<]+)");
    private static final Pattern ROW = Pattern.compile("<tr id=\"([^\"]+)\"(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)<");
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

    /** One row of the statistics table: its cells by column number (2 = total … 14 = std dev). */
    record Row(String name, String[] cells) {
        String cell(int column) {
            return column < cells.length && cells[column] != null ? cells[column] : "-";
        }
    }

    private GatlingReport() {
    }

    /** {@code gatling-report [--targets] <results-dir or one report's dir>} */
    public static void main(String[] args) throws IOException {
        boolean targets = args.length == 2 && args[0].equals("--targets");
        if (args.length != (targets ? 2 : 1)) {
            System.err.println("usage: gatling-report [--targets] <gatling results dir or one report's dir>");
            System.exit(2);
        }
        args = new String[] {args[args.length - 1]};
        Optional<Path> report = newestReport(Path.of(args[0]));
        if (report.isEmpty()) {
            System.out.println("No Gatling report (index.html) under " + args[0]);
            System.exit(1);
        }
        String html = Files.readString(report.get().resolve("index.html"));
        String[] headers = headers(html);
        List<Row> rows = rows(html);
        Table table = new Table("request", "count", "KO", label(headers[8]), label(headers[9]), label(headers[10]),
                label(headers[11]), label(headers[12]), "req/s (whole run)");
        Row all = null;
        for (Row row : rows) {
            if (row.name().equals("All Requests")) {
                all = row;
                continue;
            }
            add(table, row);
        }
        if (all != null) {
            add(table, all);
        }
        System.out.println(table.render());
        if (all != null && targets) {
            long ko = Long.parseLong(all.cell(4));
            String p99 = all.cell(10);
            long p99Ms = p99.equals("-") ? Long.MAX_VALUE : Long.parseLong(p99);
            System.out.printf("All requests: %s = %s (issue 11 target p99 < 10 ms: %s; issue 5's < 5 ms: %s),"
                            + " %d error(s) (target 0: %s)%n", label(headers[10]), p99, p99Ms < 10 ? "met" : "MISSED",
                    p99Ms < 5 ? "met" : "MISSED", ko, ko == 0 ? "met" : "MISSED");
        }
        System.out.println("HTML report: " + report.get().resolve("index.html"));
    }

    /** "50th pct" → "p50 ms", "Max" → "max ms". */
    private static String label(String header) {
        if (header == null) {
            return "?";
        }
        Matcher percentile = Pattern.compile("([0-9.]+)(?:st|nd|rd|th) pct").matcher(header);
        return (percentile.matches() ? "p" + percentile.group(1) : header.toLowerCase(Locale.ROOT)) + " ms";
    }

    private static void add(Table table, Row row) {
        table.row(row.name(), row.cell(2), row.cell(4), row.cell(8), row.cell(9), row.cell(10), row.cell(11),
                row.cell(12), row.cell(6));
    }

    /** Column labels by column number, e.g. 8 → "50th pct". */
    static String[] headers(String html) {
        String[] headers = new String[15];
        Matcher m = HEADER.matcher(html);
        while (m.find()) {
            int column = Integer.parseInt(m.group(1));
            if (column < headers.length) {
                headers[column] = m.group(2).strip();
            }
        }
        return headers;
    }

    static List<Row> rows(String html) {
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            String body = m.group(2);
            Matcher name = NAME.matcher(body);
            if (!name.find()) {
                continue;
            }
            String[] cells = new String[15];
            Matcher cell = CELL.matcher(body);
            boolean any = false;
            while (cell.find()) {
                int column = Integer.parseInt(cell.group(1));
                if (column < cells.length) {
                    cells[column] = cell.group(2).strip();
                    any = true;
                }
            }
            if (any) {
                rows.add(new Row(unescape(name.group(1)), cells));
            }
        }
        return rows;
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'");
    }

    static Optional<Path> newestReport(Path dir) throws IOException {
        if (Files.exists(dir.resolve("index.html"))) {
            return Optional.of(dir);
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> reports = Files.list(dir)) {
            return reports.filter(p -> Files.exists(p.resolve("index.html")))
                    .max(Comparator.comparingLong(p -> p.resolve("index.html").toFile().lastModified()));
        }
    }
}
