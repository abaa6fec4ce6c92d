package io.tributary.e2e.deploy.metrics;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test methods one {@link ScrapedServices} for the whole failsafe JVM: the dashboard check and the metrics
 * reference read the same running services, started once (the root store closes them at the end).
 */
final class ScrapedServicesExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ScrapedServicesExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ScrapedServices.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(ScrapedServices.class, key -> ScrapedServices.start(), ScrapedServices.class);
    }
}
