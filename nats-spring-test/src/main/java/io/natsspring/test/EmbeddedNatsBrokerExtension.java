package io.natsspring.test;

import io.natsspring.broker.NatsBroker;
import java.util.Arrays;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link EmbeddedNatsBroker}. In a plain test class it starts one broker per
 * annotated top-level class, kept in the class's extension store so JUnit closes it when the class finishes. In a
 * Spring test class it starts nothing: the broker is the application context's (see
 * {@code io.natsspring.test.spring}), and parameters are resolved from that context's broker bean.
 */
public final class EmbeddedNatsBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedNatsBrokerExtension.class);
    private static final String KEY = "broker";
    private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isSpringTest(context.getRequiredTestClass())) {
            return; // the application context owns the broker
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(KEY, TestBroker.class) != null) {
            return; // a nested class: the enclosing class's broker serves it
        }
        EmbeddedNatsBroker settings = AnnotationSupport.findAnnotation(
                        context.getRequiredTestClass(), EmbeddedNatsBroker.class)
                .orElseThrow(() -> new IllegalStateException("No @EmbeddedNatsBroker on "
                        + context.getRequiredTestClass().getName()));
        store.put(KEY, TestBroker.start(settings)); // AutoCloseable: JUnit closes it after the class
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == NatsBroker.class
                || (type == String.class && parameter.isAnnotated(NatsBrokerUrl.class))
                || (type == int.class && parameter.isAnnotated(NatsBrokerPort.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        NatsBroker broker = broker(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == NatsBroker.class) {
            return broker;
        }
        return type == int.class ? broker.port() : broker.clientUrl();
    }

    private static NatsBroker broker(ExtensionContext context) {
        if (isSpringTest(context.getRequiredTestClass())) {
            return SpringTestBroker.of(context);
        }
        TestBroker running = context.getStore(NAMESPACE).get(KEY, TestBroker.class);
        if (running == null) {
            throw new ParameterResolutionException(
                    "No embedded broker: annotate the test class with @EmbeddedNatsBroker");
        }
        return running.broker();
    }

    /** Whether the class, or a class enclosing it, runs with Spring's JUnit extension. */
    static boolean isSpringTest(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            boolean spring = AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class).stream()
                    .flatMap(e -> Arrays.stream(e.value()))
                    .anyMatch(e -> e.getName().equals(SPRING_EXTENSION));
            if (spring) {
                return true;
            }
        }
        return false;
    }
}
