package io.natsspring.broker.test;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The JUnit Jupiter extension behind {@link EmbeddedNatsBroker}: one broker per annotated top-level class,
 * kept in the class's extension store so JUnit closes it when the class finishes.
 */
public final class EmbeddedNatsBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedNatsBrokerExtension.class);
    private static final String KEY = "broker";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(KEY, RunningBroker.class) != null) {
            return; // a nested class: the enclosing class's broker serves it
        }
        EmbeddedNatsBroker settings = context.getRequiredTestClass().getAnnotation(EmbeddedNatsBroker.class);
        store.put(KEY, RunningBroker.start(settings));
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
        RunningBroker running = context.getStore(NAMESPACE).get(KEY, RunningBroker.class);
        if (running == null) {
            throw new ParameterResolutionException("No embedded broker: annotate the test class with @EmbeddedNatsBroker");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == NatsBroker.class) {
            return running.broker();
        }
        return type == int.class ? running.broker().port() : running.broker().clientUrl();
    }

    /** A started broker and the temporary store directory to delete with it. */
    private record RunningBroker(NatsBroker broker, Path storeDir) implements AutoCloseable {

        static RunningBroker start(EmbeddedNatsBroker settings) throws IOException {
            BrokerOptions.Builder options = BrokerOptions.builder().host("127.0.0.1").port(0);
            Path storeDir = null;
            if (settings != null && settings.jetStream()) {
                storeDir = Files.createTempDirectory("nats-test-store");
                options.jetStream(true).storeDir(storeDir);
            }
            if (settings != null && !settings.serverName().isEmpty()) {
                options.serverName(settings.serverName());
            }
            return new RunningBroker(new NatsBroker(options.build()).start(), storeDir);
        }

        @Override
        public void close() {
            broker.close();
            if (storeDir != null) {
                try (Stream<Path> paths = Files.walk(storeDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
