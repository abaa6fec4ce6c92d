package io.tributary.e2e.deploy.compose;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.e2e.support.Ports;

/**
 * Where the compose services' ports go when the topology runs as processes on one machine. In compose every container
 * has its own address, so three brokers all listen on 19092; here each (service, container port) gets a free local
 * port, and each host port the file publishes ({@code 9092:9092}) leads to the local port of the container port it
 * publishes. Settings are rewritten address by address:
 * <ul>
 * <li>{@code broker-2:19092} (a service name: the compose network) keeps its name, resolved to 127.0.0.1 by the
 * processes' hosts file, with broker-2's local port for 19092;</li>
 * <li>{@code 0.0.0.0:9092} or {@code :9092} (the service's own bind address) gets its own local port;</li>
 * <li>{@code localhost:9092} or {@code <HOST_IP>:9092} (the host) gets the local port of the container port that
 * 9092 publishes;</li>
 * <li>{@code 127.0.0.1:2181} or {@code 127.0.0.1/2181} in a healthcheck (inside the container) gets its own.</li>
 * </ul>
 * An address that fits none of them fails the test: the file would point somewhere this topology cannot follow.
 */
final class PortPlan {

    private static final Pattern ADDRESS = Pattern.compile("(?<=^|[/,=\\s@])([A-Za-z0-9._-]*):(\\d{1,5})(?=$|[/,\\s])");
    private static final Pattern LOOPBACK = Pattern.compile("(?<=\\b127\\.0\\.0\\.1[:/])(\\d{1,5})\\b");

    private final Set<String> services;
    private final Set<String> hostNames;
    private final Map<Integer, ComposeService> publishers = new HashMap<>();
    private final Map<String, Map<Integer, Integer>> local = new HashMap<>();

    /** @param hostNames the names a host client uses for published ports: localhost, 127.0.0.1, HOST_IP */
    PortPlan(ComposeFile compose, Set<String> hostNames) {
        this.services = compose.services().keySet();
        this.hostNames = Set.copyOf(hostNames);
        for (ComposeService service : compose.defaultServices()) {
            for (ComposeService.PublishedPort port : service.ports()) {
                publishers.put(port.published(), service);
            }
        }
    }

    /** The local port standing for {@code service}'s container port (a free one, chosen once). */
    synchronized int local(String service, int containerPort) {
        return local.computeIfAbsent(service, name -> new HashMap<>())
                .computeIfAbsent(containerPort, port -> Ports.free());
    }

    /** The local port a host client reaches through the published host port {@code published}. */
    int published(int published) {
        ComposeService publisher = publishers.get(published);
        if (publisher == null) {
            throw new AssertionError("no service publishes host port " + published);
        }
        int target = publisher.ports().stream().filter(port -> port.published() == published).findFirst()
                .orElseThrow().target();
        return local(publisher.name(), target);
    }

    /** {@code value}, a setting of {@code service}, with every address in it moved to the local ports. */
    String rewrite(String service, String value) {
        Matcher address = ADDRESS.matcher(value);
        StringBuilder rewritten = new StringBuilder();
        while (address.find()) {
            String host = address.group(1);
            int port = Integer.parseInt(address.group(2));
            int moved;
            if (services.contains(host)) {
                moved = local(host, port);
            } else if (host.isEmpty() || host.equals("0.0.0.0")) {
                moved = local(service, port);
            } else if (hostNames.contains(host)) {
                moved = published(port);
            } else {
                throw new AssertionError(service + ": cannot tell where " + host + ":" + port + " is, in " + value);
            }
            address.appendReplacement(rewritten, Matcher.quoteReplacement(host + ":" + moved));
        }
        address.appendTail(rewritten);
        return rewritten.toString();
    }

    /** A command run inside {@code service}'s container, with its own ports on 127.0.0.1 moved. */
    String rewriteInside(String service, String command) {
        Matcher port = LOOPBACK.matcher(command);
        StringBuilder rewritten = new StringBuilder();
        while (port.find()) {
            port.appendReplacement(rewritten, Integer.toString(local(service, Integer.parseInt(port.group(1)))));
        }
        port.appendTail(rewritten);
        return rewritten.toString();
    }
}
