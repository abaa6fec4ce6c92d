package io.tributary.protocol.codec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.tributary.protocol.metrics.FrameRejection;
import io.tributary.protocol.metrics.RequestMetrics;

/**
 * One connection's refusals of frames it cannot read, shared by its decoders: every refusal is counted by reason,
 * only the first is logged, and the connection is closed. A client that floods bad frames costs one log line per
 * connection; the metric tells how many it sent.
 */
public final class FrameRejections {

    private static final Logger LOG = LoggerFactory.getLogger(FrameRejections.class);

    private final RequestMetrics metrics;
    private boolean logged;

    public FrameRejections(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    void reject(ChannelHandlerContext ctx, FrameRejection reason, String detail) {
        metrics.frameRejected(reason);
        if (!logged) {
            logged = true;
            LOG.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), detail);
        }
        ctx.close();
    }
}
