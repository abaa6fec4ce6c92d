package io.tributary.e2e.fuzz;

import java.net.InetSocketAddress;

/** A Kafka listener to fuzz: a broker port or a coordinator port, named for the report. */
public record FuzzTarget(String name, String host, int port) {

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    public String bootstrap() {
        return host + ":" + port;
    }

    /** {@code name=host:port}, or {@code host:port} named after itself. */
    public static FuzzTarget parse(String spec) {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        String address = spec.substring(eq + 1);
        int colon = address.lastIndexOf(':');
        return new FuzzTarget(name, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return name + "(" + bootstrap() + ")";
    }
}
