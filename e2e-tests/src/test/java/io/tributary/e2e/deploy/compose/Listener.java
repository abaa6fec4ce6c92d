package io.tributary.e2e.deploy.compose;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One entry of a Kafka {@code listeners} or {@code advertised.listeners} value: {@code NAME://host:port}. */
record Listener(String name, String host, int port) {

    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_]+)://([^:,]*):(\\d+)");

    /** Every entry of {@code value}, by listener name, in order. */
    static Map<String, Listener> parseAll(String value) {
        Map<String, Listener> listeners = new LinkedHashMap<>();
        Arrays.stream(value.split(",")).map(String::trim).forEach(entry -> {
            Matcher matcher = ENTRY.matcher(entry);
            if (!matcher.matches()) {
                throw new AssertionError("not a listener NAME://host:port: " + entry + " in " + value);
            }
            listeners.put(matcher.group(1),
                    new Listener(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3))));
        });
        return listeners;
    }

    String address() {
        return host + ":" + port;
    }
}
