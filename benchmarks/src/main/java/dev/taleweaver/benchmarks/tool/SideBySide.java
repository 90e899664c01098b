package dev.taleweaver.benchmarks.tool;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the side-by-side HTTP tools share: their {@code <name>=<base-url>…} arguments and their quantiles. */
final class SideBySide {
    private SideBySide() {
    }

    /** The services named by {@code args} from index {@code from} on, in order, base URLs without trailing '/'. */
    static Map<String, String> services(String[] args, int from) {
        Map<String, String> services = new LinkedHashMap<>();
        for (String service : Arrays.copyOfRange(args, from, args.length)) {
            int at = service.indexOf('=');
            services.put(service.substring(0, at), service.substring(at + 1).replaceAll("/+$", ""));
        }
        return services;
    }

    /** The {@code q} quantile of sorted samples (nearest rank), NaN when there are none. */
    static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
