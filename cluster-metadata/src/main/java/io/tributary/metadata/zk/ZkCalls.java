package io.tributary.metadata.zk;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.MetadataUnavailableException;
import org.apache.zookeeper.KeeperException;

/**
 * The one funnel through which ZooKeeper failures leave this module: connectivity problems become the retriable
 * {@link MetadataUnavailableException}, anything else unexpected a {@link MetadataException} with
 * {@code ZOOKEEPER_ERROR}. Expected outcomes (BadVersion, NodeExists, NoNode) are handled inside the call.
 */
public final class ZkCalls {

    @FunctionalInterface
    public interface ZkCall<T> {
        T call() throws Exception;
    }

    @FunctionalInterface
    public interface ZkAction {
        void run() throws Exception;
    }

    private ZkCalls() {
    }

    public static <T> T call(String action, ZkCall<T> call) {
        try {
            return call.call();
        } catch (MetadataException e) {
            throw e;
        } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
                 | KeeperException.OperationTimeoutException e) {
            throw new MetadataUnavailableException("ZooKeeper unavailable while " + action + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataUnavailableException("Interrupted while " + action, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MetadataException(MetadataException.Reason.ZOOKEEPER_ERROR,
                    "ZooKeeper refused " + action + ": " + e.getMessage(), e);
        }
    }

    public static void run(String action, ZkAction call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }
}
