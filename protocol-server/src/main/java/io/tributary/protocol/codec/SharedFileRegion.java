package io.tributary.protocol.codec;

import java.nio.channels.FileChannel;

import io.netty.channel.DefaultFileRegion;

/**
 * A {@link DefaultFileRegion} over a file channel that belongs to someone else: the log segment. Netty
 * releases a region once it is written, and {@code DefaultFileRegion} would then close the segment's channel.
 * <p>
 * It extends {@code DefaultFileRegion} rather than implementing {@code FileRegion} because the epoll transport
 * uses {@code sendfile(2)} only for that class; any other region is copied through user space there.
 */
final class SharedFileRegion extends DefaultFileRegion {

    SharedFileRegion(FileChannel segment, long position, long count) {
        super(segment, position, count);
    }

    @Override
    protected void deallocate() {
        // the segment owns the channel and closes it when the segment is deleted
    }
}
