package io.tributary.spring.autoconfigure.listener.replay;

/**
 * One dead-letter topic's replay.
 *
 * @param replayed records published back into the source topic by this replay
 * @param remaining records of the dead-letter topic left for a next replay (this one ran out of time)
 */
public record DeadLetterReplay(String deadLetterTopic, String sourceTopic, long replayed, long remaining) {
}
