package io.tributary.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The admin API as its own service: REST resources under {@code /v3/clusters} for the cluster that
 * {@code tributary.admin.bootstrap-servers} points at.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:io/tributary/admin/admin-api-defaults.properties")
public class AdminApiApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(AdminApiApplication.class, args);
        } catch (Throwable e) {
            System.err.println("Tributary admin-api failed to start: " + rootMessage(e));
            System.exit(1);
        }
    }

    /**
     * The message of the first exception that is not Spring's own wrapper: ours name the setting to change, Spring's
     * wrappers name only the bean that failed.
     */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getClass().getName().startsWith("org.springframework.") && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    }
}
