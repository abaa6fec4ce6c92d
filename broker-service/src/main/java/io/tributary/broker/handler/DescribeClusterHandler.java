package io.tributary.broker.handler;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.broker.admin.ClusterView;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/** DescribeCluster: the cluster id, the controller and the live brokers (endpoint type 1, brokers, only). */
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
        for (BrokerRegistration broker : cluster.liveBrokers()) {
            response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                    .setBrokerId(broker.id()).setHost(broker.host()).setPort(broker.port()).setRack(broker.rack()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
