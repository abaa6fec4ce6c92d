package io.tributary.coordinator.group;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;

/**
 * What one JoinGroup or SyncGroup may make the coordinator keep for a member until it leaves. Kafka bounds none of
 * it below the request size (100 MiB); its group record, which holds every member's metadata and assignment, must
 * fit one record of {@code __consumer_offsets} (1 MiB by default), so larger values could never be stored anyway.
 * Every string of a request is at most 32,767 characters: the protocol's own bound, enforced by the decoder.
 *
 * <table>
 * <caption>Bounds and their errors</caption>
 * <tr><th>value</th><th>bound</th><th>error</th></tr>
 * <tr><td>group id</td><td>{@value #MAX_GROUP_ID_LENGTH} characters</td><td>INVALID_GROUP_ID</td></tr>
 * <tr><td>group instance id</td><td>{@value #MAX_GROUP_INSTANCE_ID_LENGTH} characters (Kafka's consumer refuses
 * longer ones itself)</td><td>INVALID_REQUEST</td></tr>
 * <tr><td>member id</td><td>{@value #MAX_MEMBER_ID_LENGTH} characters: longer than any id this coordinator hands
 * out</td><td>UNKNOWN_MEMBER_ID</td></tr>
 * <tr><td>protocol type, protocol name</td><td>{@value #MAX_PROTOCOL_NAME_LENGTH} characters</td>
 * <td>INVALID_REQUEST</td></tr>
 * <tr><td>protocols of a member</td><td>{@value #MAX_PROTOCOLS}</td><td>INVALID_REQUEST</td></tr>
 * <tr><td>metadata of a member, all protocols</td><td>{@value #MAX_MEMBER_METADATA_BYTES} bytes</td>
 * <td>INVALID_REQUEST</td></tr>
 * <tr><td>assignment of a member</td><td>{@value #MAX_ASSIGNMENT_BYTES} bytes</td><td>INVALID_REQUEST</td></tr>
 * </table>
 * The client id is kept as sent; the member ids made from it use at most its first
 * {@value #MAX_CLIENT_ID_IN_MEMBER_ID} characters.
 */
final class GroupRequestLimits {

    static final int MAX_GROUP_ID_LENGTH = 255;
    static final int MAX_GROUP_INSTANCE_ID_LENGTH = 249;
    static final int MAX_CLIENT_ID_IN_MEMBER_ID = 255;
    /** A client id prefix, a dash and a UUID. */
    static final int MAX_MEMBER_ID_LENGTH = MAX_CLIENT_ID_IN_MEMBER_ID + 1 + 36;
    static final int MAX_PROTOCOL_NAME_LENGTH = 255;
    static final int MAX_PROTOCOLS = 64;
    static final int MAX_MEMBER_METADATA_BYTES = 1024 * 1024;
    static final int MAX_ASSIGNMENT_BYTES = 1024 * 1024;

    private GroupRequestLimits() {
    }

    /** The group id's error, or NONE; an empty id is Kafka's INVALID_GROUP_ID too. */
    static Errors groupId(String groupId) {
        return groupId == null || groupId.isEmpty() || groupId.length() > MAX_GROUP_ID_LENGTH
                ? Errors.INVALID_GROUP_ID : Errors.NONE;
    }

    /** The error of the member's identity (member id, group instance id), or NONE. */
    static Errors member(String memberId, String groupInstanceId) {
        if (groupInstanceId != null && groupInstanceId.length() > MAX_GROUP_INSTANCE_ID_LENGTH) {
            return Errors.INVALID_REQUEST;
        }
        return memberId != null && memberId.length() > MAX_MEMBER_ID_LENGTH ? Errors.UNKNOWN_MEMBER_ID : Errors.NONE;
    }

    static Errors join(JoinGroupRequestData request) {
        Errors identity = member(request.memberId(), request.groupInstanceId());
        if (identity != Errors.NONE) {
            return identity;
        }
        if (tooLong(request.protocolType()) || request.protocols().size() > MAX_PROTOCOLS) {
            return Errors.INVALID_REQUEST;
        }
        long metadataBytes = 0;
        for (JoinGroupRequestData.JoinGroupRequestProtocol protocol : request.protocols()) {
            if (tooLong(protocol.name())) {
                return Errors.INVALID_REQUEST;
            }
            metadataBytes += protocol.metadata() == null ? 0 : protocol.metadata().length;
        }
        return metadataBytes > MAX_MEMBER_METADATA_BYTES ? Errors.INVALID_REQUEST : Errors.NONE;
    }

    static Errors sync(SyncGroupRequestData request) {
        Errors identity = member(request.memberId(), request.groupInstanceId());
        if (identity != Errors.NONE) {
            return identity;
        }
        if (tooLong(request.protocolType()) || tooLong(request.protocolName())) {
            return Errors.INVALID_REQUEST;
        }
        for (SyncGroupRequestData.SyncGroupRequestAssignment assignment : request.assignments()) {
            if (assignment.assignment() != null && assignment.assignment().length > MAX_ASSIGNMENT_BYTES) {
                return Errors.INVALID_REQUEST;
            }
        }
        return Errors.NONE;
    }

    /** The start of a member id made for a member of this client. */
    static String memberIdPrefix(String clientId) {
        return clientId.length() > MAX_CLIENT_ID_IN_MEMBER_ID ? clientId.substring(0, MAX_CLIENT_ID_IN_MEMBER_ID) : clientId;
    }

    private static boolean tooLong(String name) {
        return name != null && name.length() > MAX_PROTOCOL_NAME_LENGTH;
    }
}
