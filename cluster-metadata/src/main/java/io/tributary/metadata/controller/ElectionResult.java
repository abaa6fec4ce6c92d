package io.tributary.metadata.controller;

/** What an election asked of the controller did for one partition (Kafka's ElectLeaders per-partition errors). */
public enum ElectionResult {
    /** A new leader was written. */
    ELECTED,
    /** The partition already had the leader asked for: ELECTION_NOT_NEEDED. */
    NOT_NEEDED,
    /** No replica may lead as asked: PREFERRED_LEADER_NOT_AVAILABLE or ELIGIBLE_LEADERS_NOT_AVAILABLE. */
    NOT_AVAILABLE,
    /** No such topic or partition: UNKNOWN_TOPIC_OR_PARTITION. */
    UNKNOWN_PARTITION,
    /** This process stopped being the controller before the election was written: NOT_CONTROLLER. */
    NOT_CONTROLLER
}
