package io.tributary.protocol.network;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.tributary.protocol.codec.KafkaFrameDecoder;
import io.tributary.protocol.codec.KafkaRequestDecoder;
import io.tributary.protocol.dispatch.RequestDispatcher;
import io.tributary.protocol.metrics.RequestMetrics;

/**
 * Builds the pipeline of an accepted connection: byte counting, framing, request decoding, then the
 * connection's own {@link ConnectionHandler}. Responses bypass the codec handlers: they are encoded before
 * they reach the event loop (see {@code RequestDispatcher}).
 */
public final class ProtocolChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final int maxRequestBytes;
    private final RequestDispatcher dispatcher;
    private final TrafficMetricsHandler trafficMetrics;
    private final ChannelGroup connections;
    private final AtomicLong connectionIndex = new AtomicLong();

    public ProtocolChannelInitializer(int maxRequestBytes, RequestDispatcher dispatcher, RequestMetrics metrics,
                                      ChannelGroup connections) {
        this.maxRequestBytes = maxRequestBytes;
        this.dispatcher = dispatcher;
        this.trafficMetrics = new TrafficMetricsHandler(metrics);
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        String connectionId = address(channel.localAddress().getHostString(), channel.localAddress().getPort())
                + "-" + address(channel.remoteAddress().getHostString(), channel.remoteAddress().getPort())
                + "-" + connectionIndex.getAndIncrement();
        channel.pipeline().addLast(
                trafficMetrics,
                new KafkaFrameDecoder(maxRequestBytes),
                new KafkaRequestDecoder(),
                new ConnectionHandler(dispatcher, connectionId));
    }

    private static String address(String host, int port) {
        return host + ":" + port;
    }
}
