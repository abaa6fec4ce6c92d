package io.tributary.admin.record;

import java.util.List;

/** The body of {@code POST …/topics/{topic_name}/records:delete}. */
public record DeleteRecordsRequest(List<PartitionDeletion> partitions) {
}
