package io.tributary.metadata.zk;

import io.tributary.metadata.MetadataUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

/** Starts a {@link CuratorCache} and blocks until its first full read of the tree is done. */
public final class CacheStart {

    private CacheStart() {
    }

    public static void startAndAwait(CuratorCache cache, String path, Duration timeout) {
        CountDownLatch initialized = new CountDownLatch(1);
        cache.listenable().addListener(CuratorCacheListener.builder().forInitialized(initialized::countDown).build());
        cache.start();
        try {
            if (!initialized.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MetadataUnavailableException(
                        "Cache of " + path + " not initialized within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataUnavailableException("Interrupted while initializing the cache of " + path, e);
        }
    }
}
