package io.tributary.protocol.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.tributary.protocol.metrics.RequestMetrics;

/**
 * Counts bytes at the socket end of the pipeline, before framing: what the network carried, garbage and
 * rejected frames included. File regions count by their length, since their bytes never pass through here.
 */
@Sharable
final class TrafficMetricsHandler extends ChannelDuplexHandler {

    private final RequestMetrics metrics;

    TrafficMetricsHandler(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.connectionClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            metrics.bytesIn(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            metrics.bytesOut(buf.readableBytes());
        } else if (msg instanceof FileRegion region) {
            metrics.bytesOut(region.count());
        }
        ctx.write(msg, promise);
    }
}
