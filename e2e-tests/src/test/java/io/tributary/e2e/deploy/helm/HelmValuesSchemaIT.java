package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Values that cannot work are refused when the chart renders, with a message naming the value: by
 * {@code values.schema.json} (types, unknown keys, enums, ranges) or by the templates (settings the chart owns,
 * external addresses that do not match the replicas).
 */
class HelmValuesSchemaIT {

    @Test
    void aWrongTypeIsRefused() {
        assertThat(HelmChart.templateFailure("--set", "broker.replicas=three"))
                .contains("/broker/replicas").contains("want integer");
        assertThat(HelmChart.templateFailure("--set-string", "broker.port=9092"))
                .contains("/broker/port").contains("want integer");
        assertThat(HelmChart.templateFailure("--set", "external.enabled=yes"))
                .contains("/external/enabled").contains("want boolean");
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThat(HelmChart.templateFailure("--set", "broker.replica=5"))
                .contains("/broker").contains("additional properties 'replica' not allowed");
        assertThat(HelmChart.templateFailure("--set", "externalAccess.enabled=true"))
                .contains("additional properties 'externalAccess' not allowed");
    }

    @Test
    void valuesOutsideTheirRangeAreRefused() {
        assertThat(HelmChart.templateFailure("--set", "broker.podAntiAffinity=sometimes"))
                .contains("/broker/podAntiAffinity");
        assertThat(HelmChart.templateFailure("--set", "external.type=Ingress")).contains("/external/type");
        assertThat(HelmChart.templateFailure("--set", "external.nodePort.brokerBase=8080"))
                .contains("/external/nodePort/brokerBase");
        assertThat(HelmChart.templateFailure("--set", "broker.replicas=0")).contains("/broker/replicas");
        assertThat(HelmChart.templateFailure("--set", "zookeeper.chroot=tributary")).contains("/zookeeper/chroot");
    }

    @Test
    void aSettingWithALineBreakIsRefused() {
        assertThat(HelmChart.templateFailure("--set", "config.log\\.retention\\.hours=1\nzookeeper.connect=elsewhere"))
                .contains("/config/log.retention.hours");
    }

    @Test
    void settingsTheChartOwnsAreRefusedInConfig() {
        assertThat(HelmChart.templateFailure("--set", "config.listeners=PLAINTEXT://:9092"))
                .containsPattern("config or (broker|coordinator).config: listeners is set by the chart");
        assertThat(HelmChart.templateFailure("--set", "broker.config.broker\\.id=7"))
                .contains("config or broker.config: broker.id is set by the chart (from the pod's ordinal)");
        assertThat(HelmChart.templateFailure("--set", "coordinator.config.zookeeper\\.connect=zk:2181"))
                .contains("config or coordinator.config: zookeeper.connect is set by the chart (from zookeeper.*)");
        assertThat(HelmChart.templateFailure("--set", "broker.config.log\\.dirs=/data"))
                .contains("log.dirs is set by the chart (from broker.persistence)");
    }

    @Test
    void loadBalancerAddressesMustMatchTheReplicas() {
        assertThat(HelmChart.templateFailure("--set", "external.enabled=true", "--set", "external.type=LoadBalancer",
                "--set", "external.loadBalancer.brokerHosts={b0,b1}", "--set",
                "external.loadBalancer.coordinatorHosts={c0,c1}"))
                .contains("external.loadBalancer.brokerHosts needs one address per broker (3), got 2");
        assertThat(HelmChart.templateFailure("--set", "external.enabled=true", "--set", "external.type=LoadBalancer",
                "--set", "external.loadBalancer.brokerHosts={b0,b1,b2}"))
                .contains("external.loadBalancer.coordinatorHosts needs one address per coordinator (2), got 0");
    }

    @Test
    void nodePortsMustStayInTheNodePortRange() {
        assertThat(HelmChart.templateFailure("--set", "external.enabled=true", "--set",
                "external.nodePort.brokerBase=32766"))
                .contains("external.nodePort.brokerBase + broker.replicas goes past the node port range");
    }
}
