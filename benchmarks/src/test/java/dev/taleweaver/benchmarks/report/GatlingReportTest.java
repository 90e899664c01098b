package dev.taleweaver.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Gatling 3.14 keeps its statistics only in index.html: the parser must find names, percentiles and counts there. */
class GatlingReportTest {

    private static String row(String id, String name, long total, long ko, long p50, long p99) {
        return """
                <tr id="%s" data-parent="ROOT">
                  <td class="total col-1"><div class="expandable-container">
                    <span onmouseover="isEllipsed('stats-table-%s')" id="stats-table-%s" class="ellipsed-name">%s</span>
                  </div></td>
                  <td class="value total col-2">%d</td>
                  <td class="value ok col-3">%d</td>
                  <td class="value ko col-4">%d</td>
                  <td class="value total col-8">%d</td>
                  <td class="value total col-10">%d</td>
                </tr>""".formatted(id, id, id, name, total, total - ko, ko, p50, p99);
    }

    @Test
    void readsEveryRequestRowAndTheColumnLabels() {
        String html = """
                <th id="col-6" class="header sortable"><span><abbr title="Count of events per second">Cnt/s</abbr></span></th>
                <th id="col-8" class="header sortable"><span>50th pct</span></th>
                <th id="col-10" class="header sortable"><span>99th pct</span></th>
                <tbody>""" + row("ROOT", "All Requests", 1000, 2, 1, 4)
                + row("req_get-1", "GET /heroes?language=", 40, 2, 3, 9) + "</tbody>";

        List<GatlingReport.Row> rows = GatlingReport.rows(html);
        String[] headers = GatlingReport.headers(html);

        assertThat(headers[6]).isEqualTo("Cnt/s");
        assertThat(headers[8]).isEqualTo("50th pct");
        assertThat(rows).extracting(GatlingReport.Row::name).containsExactly("All Requests", "GET /heroes?language=");
        assertThat(rows.get(1).cell(2)).isEqualTo("40");
        assertThat(rows.get(1).cell(4)).isEqualTo("2");
        assertThat(rows.get(1).cell(10)).isEqualTo("9");
        assertThat(rows.get(1).cell(12)).isEqualTo("-");
    }
}
