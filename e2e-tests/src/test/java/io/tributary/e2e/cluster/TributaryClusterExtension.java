package io.tributary.e2e.cluster;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the {@link Cluster} a {@link TributaryCluster} annotation describes and injects it.
 *
 * <ul>
 * <li>On the class: started before {@code @BeforeAll}, into the class's store, so JUnit closes it after
 * {@code @AfterAll}; static fields of type {@link Cluster} are set then, instance fields before each test.</li>
 * <li>On a method: started before that test's {@code @BeforeEach}, into the method's store, closed after it.</li>
 * <li>A failure in a test or a lifecycle method prints every node's log tail to stderr, then propagates.</li>
 * </ul>
 */
final class TributaryClusterExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TributaryClusterExtension.class);
    private static final String KEY = "cluster";
    private static final int TAIL_LINES = 60;

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Optional<TributaryCluster> spec = AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
                TributaryCluster.class);
        if (spec.isPresent()) {
            Cluster cluster = start(context, spec.get());
            inject(context.getRequiredTestClass(), null, cluster);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Optional<TributaryCluster> spec = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(),
                TributaryCluster.class);
        if (spec.isPresent()) {
            start(context, spec.get());
        }
        Optional<Cluster> cluster = find(context);
        if (cluster.isPresent()) {
            for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
                inject(instance.getClass(), instance, cluster.get());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return find(context).orElseThrow(() -> new IllegalStateException("no cluster for "
                + context.getDisplayName() + ": a Cluster parameter of a method-level @TributaryCluster test is"
                + " available from the test method on, not in its class's lifecycle methods"));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        printTails(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printTails(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printTails(context, throwable);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printTails(context, throwable);
        throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printTails(context, throwable);
        throw throwable;
    }

    private static Cluster start(ExtensionContext context, TributaryCluster spec) {
        Cluster cluster = Cluster.start(spec);
        context.getStore(NAMESPACE).put(KEY, cluster);
        return cluster;
    }

    /** The nearest cluster: the method's own, else the class's (stores look up their parents). */
    private static Optional<Cluster> find(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(KEY, Cluster.class));
    }

    /** Sets the static ({@code instance} null) or instance fields of type {@link Cluster} declared in the type. */
    private static void inject(Class<?> type, Object instance, Cluster cluster) throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() == Cluster.class && Modifier.isStatic(field.getModifiers()) == (instance == null)
                        && !Modifier.isFinal(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(instance, cluster);
                }
            }
        }
    }

    private static void printTails(ExtensionContext context, Throwable throwable) {
        // the exception's own message may carry log tails already: only its type goes into the header
        find(context).ifPresent(cluster -> System.err.println("===== " + context.getDisplayName() + " failed ("
                + throwable.getClass().getSimpleName() + "); the cluster's logs (last " + TAIL_LINES
                + " lines each, whole files under target/e2e-logs) =====\n" + cluster.logTails(TAIL_LINES)));
    }
}
