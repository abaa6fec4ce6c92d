package io.tributary.coordinator.group;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * One member of a classic group. Not thread-safe: guarded by its group's lock.
 * <p>
 * A member is <em>awaiting join</em> while its JoinGroup is parked and <em>awaiting sync</em> while its SyncGroup
 * is parked; either way the client is waiting for us, so its session does not expire (the rebalance timeout
 * governs it instead), except for a member that joined during the current rebalance ({@link #isNew}), whose
 * session is bounded by {@link ClassicGroup#NEW_MEMBER_JOIN_TIMEOUT}, as in Kafka.
 */
final class GroupMember {

    private String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    /** protocol name → metadata, in the member's order of preference */
    private Map<String, byte[]> protocols;
    private byte[] assignment = new byte[0];

    CompletableFuture<JoinGroupResponseData> awaitingJoin;
    short joinVersion;
    CompletableFuture<SyncGroupResponseData> awaitingSync;
    boolean isNew;
    Scheduler.Timeout sessionTimeout;
    /** bumped on every (re)schedule of the session timer: a stale timer that fires does nothing */
    long sessionEpoch;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, int rebalanceTimeoutMs,
                int sessionTimeoutMs, Map<String, byte[]> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    String memberId() {
        return memberId;
    }

    void memberId(String newMemberId) {
        this.memberId = newMemberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    Map<String, byte[]> protocols() {
        return protocols;
    }

    byte[] metadata(String protocolName) {
        byte[] metadata = protocols.get(protocolName);
        return metadata == null ? new byte[0] : metadata;
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] value) {
        this.assignment = value == null ? new byte[0] : value;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    /** Whether the session may expire now: see the class comment. */
    boolean mayExpire() {
        return isNew || (!isAwaitingJoin() && !isAwaitingSync());
    }

    void update(int newRebalanceTimeoutMs, int newSessionTimeoutMs, Map<String, byte[]> newProtocols) {
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.sessionTimeoutMs = newSessionTimeoutMs;
        this.protocols = new LinkedHashMap<>(newProtocols);
    }

    /** Same protocols, in the same order, with the same metadata. */
    boolean matches(Map<String, byte[]> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        var mine = protocols.entrySet().iterator();
        var theirs = other.entrySet().iterator();
        while (mine.hasNext()) {
            var a = mine.next();
            var b = theirs.next();
            if (!a.getKey().equals(b.getKey()) || !Arrays.equals(a.getValue(), b.getValue())) {
                return false;
            }
        }
        return true;
    }

    void cancelSessionTimeout() {
        sessionEpoch++;
        if (sessionTimeout != null) {
            sessionTimeout.cancel();
            sessionTimeout = null;
        }
    }
}
