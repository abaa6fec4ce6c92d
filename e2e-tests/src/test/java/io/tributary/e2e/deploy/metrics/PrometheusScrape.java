package io.tributary.e2e.deploy.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} in the Prometheus text format: the name of every series (what a PromQL
 * selector names: {@code x_total}, {@code x_bucket}, …) and every metric family with its type, help text and the
 * label names its series carry.
 */
final class PrometheusScrape {

    /** A metric family as its {@code # TYPE} and {@code # HELP} lines declare it. */
    record Family(String name, String type, String help, Set<String> labels) {
    }

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Set<String> seriesNames = new TreeSet<>();
    private final Map<String, Family> families = new TreeMap<>();

    private PrometheusScrape() {
    }

    static PrometheusScrape parse(String text) {
        PrometheusScrape scrape = new PrometheusScrape();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                helps.put(parts[0], parts.length > 1 ? unescape(parts[1]) : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                current = parts[0];
                types.put(current, parts[1].trim());
                labels.putIfAbsent(current, new TreeSet<>());
            } else if (!line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                String series = line.substring(0, end);
                scrape.seriesNames.add(series);
                if (current == null || !series.startsWith(current)) {
                    throw new IllegalArgumentException("series " + series + " outside its family's # TYPE: " + line);
                }
                if (end < line.length() && line.charAt(end) == '{') {
                    Matcher label = LABEL.matcher(line.substring(end + 1, line.lastIndexOf('}')));
                    while (label.find()) {
                        labels.get(current).add(label.group(1));
                    }
                }
            }
        }
        types.forEach((name, type) -> scrape.families.put(name,
                new Family(name, type, helps.getOrDefault(name, ""), Set.copyOf(labels.get(name)))));
        return scrape;
    }

    /** Every series name in the scrape. */
    Set<String> seriesNames() {
        return seriesNames;
    }

    /** Every family, by name. */
    Map<String, Family> families() {
        return families;
    }

    private static String unescape(String help) {
        return help.replace("\\n", "\n").replace("\\\\", "\\");
    }
}
