package io.tributary.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tributary.protocol.dispatch.RequestDispatcher;
import io.tributary.protocol.metrics.RequestMetrics;
import io.tributary.protocol.network.ProtocolChannelInitializer;
import io.tributary.protocol.network.Transport;

/**
 * A Kafka-protocol server: accepts connections on each of its named listeners, decodes requests, dispatches them to
 * the handlers of an {@link ApiRegistry} and writes the responses back in request order. Every listener is served
 * alike, on the same threads; a handler learns the listener of a request from its {@link RequestContext}.
 * <p>
 * Threads: one acceptor event loop (for all listeners), {@code networkThreads} worker event loops that do framing, decoding and
 * socket writes, and {@code ioThreads} threads that invoke the handlers (see {@link ApiHandler}). Uses the
 * native epoll transport when available, NIO otherwise; both send file-backed Fetch data with
 * {@code sendfile}.
 * <p>
 * Lifecycle: {@link #start()} once, then {@link #close()}; a server is not restarted.
 */
public final class KafkaProtocolServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProtocolServer.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final ProtocolServerConfig config;
    private final ApiRegistry registry;
    private final RequestMetrics metrics;
    private final Transport transport;
    private EventLoopGroup acceptorGroup;
    private EventLoopGroup workerGroup;
    private ExecutorService ioPool;
    private ChannelGroup connections;
    /** The bound channel of each listener, by name, in the configured order. */
    private final Map<String, Channel> serverChannels = new LinkedHashMap<>();
    private boolean started;

    /**
     * @param serverName tags this server's meters ({@code server=broker}), so that several servers can share one
     *                   registry
     */
    public KafkaProtocolServer(ProtocolServerConfig config, ApiRegistry registry, MeterRegistry meters, String serverName) {
        this(config, registry, meters, serverName, Transport.best());
    }

    KafkaProtocolServer(ProtocolServerConfig config, ApiRegistry registry, MeterRegistry meters, String serverName,
                        Transport transport) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = new RequestMetrics(Objects.requireNonNull(meters, "meters"), Objects.requireNonNull(serverName, "serverName"));
        this.transport = transport;
    }

    /**
     * Binds every listener and starts serving; binds none if one cannot be bound.
     *
     * @throws UncheckedIOException with a one-line message if an address cannot be bound, e.g.
     *                              {@code Cannot listen on 127.0.0.1:9092: address already in use}
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("Server already started");
        }
        started = true;
        acceptorGroup = transport.newEventLoopGroup(1, new DefaultThreadFactory("tributary-acceptor"));
        workerGroup = transport.newEventLoopGroup(config.networkThreads(), new DefaultThreadFactory("tributary-network"));
        ioPool = new ThreadPoolExecutor(config.ioThreads(), config.ioThreads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("tributary-io"));
        connections = new DefaultChannelGroup("tributary-connections", GlobalEventExecutor.INSTANCE);
        RequestDispatcher dispatcher = new RequestDispatcher(registry, ioPool, metrics);
        AtomicLong connectionIndex = new AtomicLong();
        for (ProtocolServerConfig.Listener listener : config.listeners()) {
            ChannelFuture bind = new ServerBootstrap()
                    .group(acceptorGroup, workerGroup)
                    .channel(transport.serverChannelType())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ProtocolChannelInitializer(config, dispatcher, metrics, connections,
                            connectionIndex, listener.name()))
                    .bind(listener.host(), listener.port())
                    .awaitUninterruptibly();
            if (!bind.isSuccess()) {
                close();
                String message = "Cannot listen on " + listener.host() + ":" + listener.port() + ": "
                        + reason(bind.cause());
                throw new UncheckedIOException(message,
                        bind.cause() instanceof IOException io ? io : new IOException(bind.cause()));
            }
            serverChannels.put(listener.name(), bind.channel());
            LOG.info("Listening for Kafka clients on {} as listener {} ({} transport, {} network and {} I/O threads)",
                    bind.channel().localAddress(), listener.name(), transport, config.networkThreads(),
                    config.ioThreads());
        }
    }

    /** The port the first listener actually bound, which differs from the configured one when that was 0. */
    public synchronized int boundPort() {
        return boundPort(config.listeners().get(0).name());
    }

    /** The port a listener actually bound, which differs from the configured one when that was 0. */
    public synchronized int boundPort(String listenerName) {
        Channel channel = serverChannels.get(listenerName);
        if (channel == null) {
            throw new IllegalStateException(serverChannels.isEmpty() ? "Server not started"
                    : "No listener named " + listenerName);
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting, closes every connection, then stops the handler and network threads. Idempotent. */
    @Override
    public synchronized void close() {
        serverChannels.values().forEach(channel -> channel.close().awaitUninterruptibly());
        serverChannels.clear();
        if (connections != null) {
            connections.close().awaitUninterruptibly();
        }
        if (ioPool != null) {
            ioPool.shutdown();
            try {
                if (!ioPool.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    ioPool.shutdownNow();
                }
            } catch (InterruptedException e) {
                ioPool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (EventLoopGroup group : new EventLoopGroup[] {workerGroup, acceptorGroup}) {
            if (group != null) {
                group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        }
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("address already in use"))) {
                return "address already in use";
            }
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }
}
