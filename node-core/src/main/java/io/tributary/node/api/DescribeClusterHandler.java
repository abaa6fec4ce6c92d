package io.tributary.node.api;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.node.admin.ClusterNode;
import io.tributary.node.admin.ClusterView;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * DescribeCluster: the cluster id, the controller and the nodes, live brokers then live coordinators (endpoint type 1,
 * brokers, only), at their addresses on the listener the request came in on. Usable by a coordinator as well.
 */
public final class DescribeClusterHandler implements ApiHandler {

    private static final byte BROKERS = 1;

    private final ClusterView cluster;

    public DescribeClusterHandler(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        DescribeClusterRequestData request = (DescribeClusterRequestData) message;
        DescribeClusterResponseData response = new DescribeClusterResponseData().setEndpointType(request.endpointType());
        if (request.endpointType() != BROKERS) {
            return CompletableFuture.completedFuture(response
                    .setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Only broker endpoints (type 1) are served")
                    .setClusterId(cluster.clusterId()));
        }
        response.setClusterId(cluster.clusterId()).setControllerId(cluster.controllerId());
        for (ClusterNode node : cluster.nodes(context.listenerName())) {
            response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                    .setBrokerId(node.id()).setHost(node.host()).setPort(node.port()).setRack(node.rack()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
