package io.natsspring.annotation.testsupport;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.annotation.EnableNats;
import java.io.IOException;
import java.time.Duration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Builds plain Spring contexts ({@code @EnableNats}, no Boot) with a jnats {@link Connection} bean to the given server
 * and the given configuration classes.
 */
public final class ListenerContexts {

    private ListenerContexts() {}

    @Configuration(proxyBeanMethods = false)
    @EnableNats
    public static class Enable {}

    public static AnnotationConfigApplicationContext start(TestServer server, Class<?>... components) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(
                "natsConnection",
                Connection.class,
                () -> connect(server.url()),
                definition -> definition.setDestroyMethodName("close"));
        context.register(Enable.class);
        context.register(components);
        context.refresh();
        return context;
    }

    public static Connection connect(String url) {
        try {
            return Nats.connect(new Options.Builder()
                    .server(url)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .errorListener(new io.nats.client.ErrorListener() {})
                    .build());
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
