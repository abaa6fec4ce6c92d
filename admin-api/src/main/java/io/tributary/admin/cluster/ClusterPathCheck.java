package io.tributary.admin.cluster;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks the {@code {cluster_id}} of every {@code /v3/clusters/{cluster_id}/...} request before its handler runs, so
 * that no resource answers for another cluster's id.
 */
@Component
class ClusterPathCheck implements HandlerInterceptor {

    private final ClusterIdentity identity;

    ClusterPathCheck(ClusterIdentity identity) {
        this.identity = identity;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null && variables.containsKey("cluster_id")) {
            identity.requireCluster(variables.get("cluster_id"));
        }
        return true;
    }
}
