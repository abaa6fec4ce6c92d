/**
 * The end-to-end harness: Tributary's services as real processes ({@link io.tributary.e2e.support.TributaryProcess}
 * for the standalone jar, {@link io.tributary.e2e.support.ServiceProcess} for broker-service.jar and
 * coordinator-service.jar alone), Kafka's command-line tools as real processes
 * ({@link io.tributary.e2e.support.KafkaCli}), raw protocol connections
 * ({@link io.tributary.e2e.support.RawKafkaConnection}), free ports ({@link io.tributary.e2e.support.Ports}) and the
 * one way to wait (Awaitility, set up by {@link io.tributary.e2e.support.Waiting}). Every process's output lands under
 * {@code e2e-tests/target/e2e-logs/}.
 */
package io.tributary.e2e.support;
