package io.tributary.node.config;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Puts a service's properties file into its environment, and once the service has started warns, once, about the
 * file's keys it never read: a misspelt or unsupported setting is then visible, as Kafka reports configs that were
 * supplied but not used.
 *
 * <p>The file ranks below the command line, system properties and environment variables and above the service's own
 * {@code application.properties}, as a {@code spring.config.additional-location} would. It joins before the rest of
 * the environment is processed, so {@code logging.*} and {@code spring.*} keys in it work too.
 */
final class UnusedSettingsReport implements GenericApplicationListener {

    private static final Logger log = LoggerFactory.getLogger(UnusedSettingsReport.class);

    private final PropertiesFileSource file;
    private final String service;
    private final RequestedNames requested = new RequestedNames();

    UnusedSettingsReport(PropertiesFileSource file, String service) {
        this.file = file;
        this.service = service;
    }

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationReadyEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            install(prepared.getEnvironment().getPropertySources());
        } else if (event instanceof ApplicationReadyEvent) {
            report();
        }
    }

    /** Before Spring processes its own config files and sets up logging. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private void install(MutablePropertySources sources) {
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, file);
        } else {
            sources.addLast(file);
        }
        sources.addFirst(requested);
    }

    /** The file's keys that were neither read from it nor looked up under their own name, sorted. */
    List<String> unused() {
        var read = file.keysRead();
        return file.getSource().keySet().stream()
                .filter(key -> !read.contains(key) && !requested.wasRequested(key))
                .sorted()
                .toList();
    }

    private void report() {
        List<String> unused = unused();
        if (!unused.isEmpty()) {
            log.warn("These configurations in {} were supplied but are not used by the {}: {}", file.file(), service,
                    String.join(", ", unused));
        }
    }
}
