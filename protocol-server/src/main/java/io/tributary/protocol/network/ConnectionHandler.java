package io.tributary.protocol.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tributary.protocol.RequestContext;
import io.tributary.protocol.codec.DecodedRequest;
import io.tributary.protocol.codec.KafkaFrameDecoder;
import io.tributary.protocol.dispatch.Reply;
import io.tributary.protocol.dispatch.RequestDispatcher;

/**
 * One client connection: hands each decoded request to the {@link RequestDispatcher} and writes the replies in
 * request order, whatever order the handlers finish in (Kafka clients match responses to requests by position).
 * <p>
 * Each request gets a slot at the tail of a queue when it arrives; a finished reply fills its slot, and the
 * queue is flushed from the head up to the first unfilled slot. Slots are touched only on the channel's event
 * loop, so the queue needs no lock; replies finishing on other threads hop onto the event loop first.
 * <p>
 * The queue holds at most {@code queued.max.requests} slots. That bound is per connection: a client that pipelines
 * requests waits for its own answers, and one flooding client cannot stall the reading of the others (Kafka's
 * {@code queued.max.requests} bounds one queue shared by the node; Kafka also reads one request per connection at
 * a time). When the queue is full the connection stops reading from its socket, and its
 * {@link KafkaFrameDecoder} holds back the frames it has already read, so the bound holds however many frames
 * one read brought; each reply written lets the next held frame through.
 *
 * <pre>
 *                 request decoded: queue a slot, dispatch
 *                 reply at head: write it (or nothing, acks=0), let a held frame through
 *                      +-----+
 *                      v     |
 *   channelActive --> OPEN --+
 *                     |  ^
 *   slots >= limit or |  | slots < limit and
 *   not writable:     |  | writable:
 *   stop reading      v  | read again
 *                    PAUSED  (replies are still written; frames read already are held, not decoded)
 *                      |
 *   from OPEN or PAUSED: peer closed, undecodable frame (the decoders close),
 *   Reply.CLOSE at the head, I/O error, server shutdown
 *                      v
 *                    CLOSED  (queued replies released; late replies released on arrival)
 * </pre>
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private enum State { OPEN, PAUSED, CLOSED }

    /** Filled exactly once, on the event loop. */
    private static final class Slot {
        private Reply reply;
    }

    private final RequestDispatcher dispatcher;
    private final Executor handlerExecutor;
    private final String connectionId;
    private final String listenerName;
    private final int maxQueuedRequests;
    private final KafkaFrameDecoder frames;
    private final Queue<Slot> slots = new ArrayDeque<>();
    private State state = State.OPEN;
    private ChannelHandlerContext ctx;
    private InetSocketAddress clientAddress;

    /**
     * @param listenerName      the listener the connection came in on, handed to the handlers
     * @param maxQueuedRequests requests decoded and not yet answered, at most ({@code queued.max.requests})
     * @param frames            the connection's frame decoder, told to hold frames back while the queue is full
     */
    public ConnectionHandler(RequestDispatcher dispatcher, String connectionId, String listenerName,
                             int maxQueuedRequests, KafkaFrameDecoder frames) {
        this.dispatcher = dispatcher;
        this.handlerExecutor = dispatcher.newConnectionExecutor();
        this.connectionId = connectionId;
        this.listenerName = listenerName;
        this.maxQueuedRequests = maxQueuedRequests;
        this.frames = frames;
        frames.admitWhile(() -> state != State.CLOSED && slots.size() < maxQueuedRequests);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.clientAddress = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address
                : InetSocketAddress.createUnresolved(String.valueOf(ctx.channel().remoteAddress()), 0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DecodedRequest decoded)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        Slot slot = new Slot();
        slots.add(slot);
        RequestContext context = new RequestContext(decoded.header(), clientAddress, connectionId, listenerName);
        CompletableFuture<Reply> reply = dispatcher.dispatch(context, decoded.request(), handlerExecutor, ctx.alloc());
        reply.whenComplete((result, error) -> onEventLoop(slot, error == null ? result : Reply.CLOSE));
        updateReading();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        for (Slot slot : slots) {
            if (slot.reply != null) {
                slot.reply.release();
            }
        }
        slots.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Closing connection from {}: {}", clientAddress, cause.toString());
        } else {
            LOG.warn("Closing connection from {}", clientAddress, cause);
        }
        ctx.close();
    }

    private void onEventLoop(Slot slot, Reply reply) {
        if (ctx.executor().inEventLoop()) {
            fill(slot, reply);
            return;
        }
        try {
            ctx.executor().execute(() -> fill(slot, reply));
        } catch (RejectedExecutionException e) {
            // the event loop is gone with the server: so is the connection
            reply.release();
        }
    }

    private void fill(Slot slot, Reply reply) {
        if (state == State.CLOSED) {
            reply.release();
            return;
        }
        slot.reply = reply;
        flushFromHead();
    }

    private void flushFromHead() {
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().reply != null) {
            Reply reply = slots.poll().reply;
            if (reply.closesConnection()) {
                if (wrote) {
                    ctx.flush();
                }
                ctx.close();
                return;
            }
            if (reply.response() != null) {
                reply.response().parts().forEach(part -> ctx.write(part, ctx.voidPromise()));
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        frames.releaseHeld();
        updateReading();
    }

    private void updateReading() {
        if (state == State.CLOSED) {
            return;
        }
        boolean read = slots.size() < maxQueuedRequests && ctx.channel().isWritable();
        ctx.channel().config().setAutoRead(read);
        state = read ? State.OPEN : State.PAUSED;
    }
}
