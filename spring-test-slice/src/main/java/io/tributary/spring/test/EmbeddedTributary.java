package io.tributary.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class's Spring context against an in-JVM Tributary (ZooKeeper, a broker and a group coordinator on
 * ports the operating system chooses). The cluster starts once per JVM, when the first annotated context does, and
 * stops when the JVM exits, so contexts cached by Spring's test framework keep working and no
 * {@code @DirtiesContext} is needed. The starters connect to it through a
 * {@code TributaryConnectionDetails} bean, whatever {@code tributary.bootstrap-servers} says; the address is also
 * the {@code tributary.embedded.bootstrap-servers} property, for tests that make their own clients.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedTributary {

    /** Topics that exist before the context starts: created if missing, with {@link #partitions()} partitions. */
    String[] topics() default {};

    /**
     * Partitions of each of {@link #topics()}; a topic that already has fewer is raised to this many, one that has
     * more (another test class of the JVM asked for more) is kept as it is.
     */
    int partitions() default 1;
}
