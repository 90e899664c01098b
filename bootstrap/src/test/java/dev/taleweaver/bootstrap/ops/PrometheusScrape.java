package dev.taleweaver.bootstrap.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One scrape of {@code GET /metrics} in the Prometheus text format 0.0.4, parsed into samples. Label values may
 * hold braces, commas and escaped quotes ({@code uri="/heroes/{id}"}), so labels are read character by character.
 */
public final class PrometheusScrape {

    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }

        @Override
        public String toString() {
            return name + labels + " " + value;
        }
    }

    private final List<Sample> samples;
    private final Map<String, String> types;
    private final String text;

    private PrometheusScrape(List<Sample> samples, Map<String, String> types, String text) {
        this.samples = samples;
        this.types = types;
        this.text = text;
    }

    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).split(" ");
                types.put(parts[0], parts[1]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusScrape(List.copyOf(samples), types, text);
    }

    /** The samples of a metric whose labels include {@code labels} (name, value, name, value, …). */
    List<Sample> samples(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        return samples.stream().filter(s -> s.name().equals(name) && s.has(wanted)).toList();
    }

    /** The sum over matching samples; 0 when there is none (a counter not yet created has counted nothing). */
    public double sum(String name, String... labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The value of the one matching sample; fails when there is none or several. */
    double value(String name, String... labels) {
        List<Sample> found = samples(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + pairs(labels) + ", found " + found
                    + "; samples of that name: " + samples(name));
        }
        return found.get(0).value();
    }

    /** The declared type of a metric family ({@code # TYPE} line), if any. */
    Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /** The scrape's lines that mention {@code fragment}, for failure messages. */
    String linesWith(String fragment) {
        return text.lines().filter(l -> l.contains(fragment)).collect(Collectors.joining("\n"));
    }

    private static Map<String, String> pairs(String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return map;
    }

    /** {@code name{a="x",b="y"} value [timestamp]} or {@code name value [timestamp]}. */
    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).strip();
                int at = eq + 2; // past ="
                StringBuilder value = new StringBuilder();
                while (line.charAt(at) != '"') {
                    char c = line.charAt(at);
                    if (c == '\\') {
                        char escaped = line.charAt(++at);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                    at++;
                }
                labels.put(label, value.toString());
                i = at + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).strip().split(" ");
        return new Sample(name, Map.copyOf(labels), number(rest[0]));
    }

    private static double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
