package dev.taleweaver.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numbers, for terminals and for pasting into docs/benchmarks.md. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private int leftColumns = 1;

    public Table(String... header) {
        this.header = List.of(header);
    }

    /** How many leading columns hold names rather than numbers (left-aligned); 1 unless set. */
    public Table leftAligned(int columns) {
        this.leftColumns = columns;
        return this;
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Markdown pipe table; name columns left-aligned, number columns right-aligned. */
    public String render() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], i < row.size() ? row.get(i).length() : 0);
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            boolean left = i < leftColumns;
            out.append(left ? ":" : "-").append("-".repeat(widths[i])).append(left ? "-" : ":").append('|');
        }
        out.append('\n');
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            String pad = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(i < leftColumns ? cell + pad : pad + cell).append(" |");
        }
        out.append('\n');
    }

    /** A number with a sensible number of digits for a table: 3 significant figures, no exponent. */
    public static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format("%,.0f", value);
        }
        if (abs >= 10) {
            return String.format("%.1f", value);
        }
        if (abs >= 1) {
            return String.format("%.2f", value);
        }
        return String.format("%.3f", value);
    }
}
