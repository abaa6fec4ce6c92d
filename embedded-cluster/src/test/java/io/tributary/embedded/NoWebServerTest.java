package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The services' web, actuator and Prometheus starters stay out of this module's classpath (and so out of a user's
 * tests), and so a Spring Boot application beside the cluster is deduced to be a plain, non-web one.
 */
class NoWebServerTest {

    @SpringBootConfiguration
    static class PlainApplication {
    }

    @Test
    void noWebServerOrActuatorComesWithTheCluster() {
        for (String className : new String[] {
                "org.apache.catalina.startup.Tomcat",
                "org.eclipse.jetty.server.Server",
                "org.springframework.web.servlet.DispatcherServlet",
                "org.springframework.web.reactive.DispatcherHandler",
                "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
                "io.micrometer.prometheusmetrics.PrometheusMeterRegistry"}) {
            assertThat(ClassUtils.isPresent(className, null)).as(className).isFalse();
        }
    }

    @Test
    void anApplicationWithThisModuleOnItsClasspathIsNotAWebApplication() {
        // the classpath alone decides the application type: no cluster needs to run for it
        SpringApplicationBuilder builder = new SpringApplicationBuilder(PlainApplication.class);
        assertThat(builder.application().getWebApplicationType()).isEqualTo(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = builder.run()) {
            assertThat(context.getClass().getName()).doesNotContain("Web");
        }
    }
}
