package io.tributary.protocol.network;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.tributary.protocol.ProtocolServerConfig;
import io.tributary.protocol.codec.FrameRejections;
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
    private final int queuedMaxRequests;
    private final RequestDispatcher dispatcher;
    private final RequestMetrics metrics;
    private final TrafficMetricsHandler trafficMetrics;
    private final ChannelGroup connections;
    private final AtomicLong connectionIndex;
    private final String listenerName;

    /**
     * @param connectionIndex shared by the server's listeners, so that connection ids stay unique across them
     * @param listenerName    the listener whose connections this initializes
     */
    public ProtocolChannelInitializer(ProtocolServerConfig config, RequestDispatcher dispatcher, RequestMetrics metrics,
                                      ChannelGroup connections, AtomicLong connectionIndex, String listenerName) {
        this.connectionIndex = connectionIndex;
        this.listenerName = listenerName;
        this.maxRequestBytes = config.maxRequestBytes();
        this.queuedMaxRequests = config.queuedMaxRequests();
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.trafficMetrics = new TrafficMetricsHandler(metrics);
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        String connectionId = address(channel.localAddress().getHostString(), channel.localAddress().getPort())
                + "-" + address(channel.remoteAddress().getHostString(), channel.remoteAddress().getPort())
                + "-" + connectionIndex.getAndIncrement();
        FrameRejections rejections = new FrameRejections(metrics);
        KafkaFrameDecoder frames = new KafkaFrameDecoder(maxRequestBytes, rejections);
        channel.pipeline().addLast(
                trafficMetrics,
                frames,
                new KafkaRequestDecoder(rejections),
                new ConnectionHandler(dispatcher, connectionId, listenerName, queuedMaxRequests, frames));
    }

    private static String address(String host, int port) {
        return host + ":" + port;
    }
}
