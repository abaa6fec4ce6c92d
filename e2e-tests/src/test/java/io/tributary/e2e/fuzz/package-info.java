/**
 * A protocol fuzzer for Kafka listeners, shared by {@code FuzzIT} (CI, 100,000 frames against the standalone jar)
 * and {@code bench/fuzz.sh} ({@link io.tributary.e2e.fuzz.FuzzMain}, 1,000,000 frames against Tributary and Apache
 * Kafka).
 * <ol>
 *   <li><b>Seeds.</b> {@link io.tributary.e2e.fuzz.SeedCatalog} asks each target's ApiVersions which APIs and
 *       versions it serves and builds valid requests of each with kafka-clients' {@code *Data} classes, serialized
 *       behind their header by a writer that notes where every integer, count, length and record batch lies
 *       ({@link io.tributary.e2e.fuzz.FieldRecordingWriter}).</li>
 *   <li><b>Mutations.</b> {@link io.tributary.e2e.fuzz.FrameMutator}: bit flips, interesting bytes, truncation,
 *       junk tails, size prefixes that lie, random API keys and versions, huge or negative counts and lengths, and
 *       {@link io.tributary.e2e.fuzz.BatchSurgery} behind a recomputed CRC.</li>
 *   <li><b>Outcomes.</b> {@link io.tributary.e2e.fuzz.FuzzWorker} sends each frame and waits: an answer, a close,
 *       or silence, judged by {@link io.tributary.e2e.fuzz.FrameExpectation} (what the frame reads as) into a
 *       {@link io.tributary.e2e.fuzz.FrameOutcome}. Meanwhile a {@link io.tributary.e2e.fuzz.LivenessProbe}
 *       checks every second that a well-behaved client is still answered.</li>
 *   <li><b>Afterwards.</b> {@link io.tributary.e2e.fuzz.ServiceCheck}: the node serves clients, and what it
 *       accepted reads.</li>
 * </ol>
 * A run is deterministic in the frames it sends: the seed, the number of frames, targets and workers fix them
 * (what a node does with them depends on timing, as with any concurrent client). Data that must survive a run is
 * named under {@link io.tributary.e2e.fuzz.FuzzTopics#PROTECTED_PREFIX}, out of every frame's reach.
 */
package io.tributary.e2e.fuzz;
