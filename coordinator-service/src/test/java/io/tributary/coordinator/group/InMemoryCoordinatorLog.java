package io.tributary.coordinator.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.tributary.coordinator.log.CoordinatorLog;
import io.tributary.coordinator.log.CoordinatorRecord;

/**
 * A CoordinatorLog in memory. Appends are acknowledged at once, or, after {@link #hold()}, only on
 * {@link #release()}; {@link #failNext} makes the next append fail.
 */
final class InMemoryCoordinatorLog implements CoordinatorLog {

    private final int partitionCount;
    private final List<List<CoordinatorRecord>> partitions = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private Supplier<RuntimeException> failure;

    InMemoryCoordinatorLog(int partitionCount) {
        this.partitionCount = partitionCount;
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new ArrayList<>());
        }
    }

    @Override
    public int partitionCount() {
        return partitionCount;
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        Runnable acknowledge;
        synchronized (this) {
            if (failure != null) {
                RuntimeException e = failure.get();
                failure = null;
                acknowledge = () -> future.completeExceptionally(e);
            } else {
                partitions.get(partition).addAll(records);
                acknowledge = () -> future.complete(null);
            }
            if (holding) {
                held.add(acknowledge);
                return future;
            }
        }
        acknowledge.run();
        return future;
    }

    synchronized List<CoordinatorRecord> records(int partition) {
        return List.copyOf(partitions.get(partition));
    }

    synchronized void hold() {
        holding = true;
    }

    void release() {
        List<Runnable> acknowledgements;
        synchronized (this) {
            holding = false;
            acknowledgements = new ArrayList<>(held);
            held.clear();
        }
        acknowledgements.forEach(Runnable::run);
    }

    synchronized void failNext(Supplier<RuntimeException> error) {
        this.failure = error;
    }
}
