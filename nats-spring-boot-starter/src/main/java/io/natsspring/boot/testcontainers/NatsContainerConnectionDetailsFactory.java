package io.natsspring.boot.testcontainers;

import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import java.util.List;
import org.springframework.beans.BeansException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.testcontainers.containers.Container;

/**
 * Creates {@link NatsConnectionDetails} for a {@code @ServiceConnection} container whose image is {@code nats} (or
 * annotated {@code @ServiceConnection(name = "nats")}). Registered in {@code spring.factories}.
 */
class NatsContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<Container<?>, NatsConnectionDetails> {

    static final String CONNECTION_NAME = "nats";

    static final int CLIENT_PORT = 4222;

    NatsContainerConnectionDetailsFactory() {
        super(CONNECTION_NAME);
    }

    @Override
    protected NatsConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
        return new ContainerNatsConnectionDetails(source);
    }

    /** {@code nats://host:port}, with an IPv6 literal host in brackets. */
    static String serverUrl(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "nats://" + h + ":" + port;
    }

    /**
     * The started container's {@code nats://host:mappedPort(4222)}, so the container must expose port 4222.
     * Credentials are those its command passes to nats-server ({@code --user}, {@code --pass}, {@code --auth}); for
     * each the command lacks, {@code nats.username}, {@code nats.password} or {@code nats.token}.
     */
    static final class ContainerNatsConnectionDetails extends ContainerConnectionDetails<Container<?>>
            implements NatsConnectionDetails {

        private volatile Environment environment;

        ContainerNatsConnectionDetails(ContainerConnectionSource<Container<?>> source) {
            super(source);
        }

        @Override
        public void setApplicationContext(ApplicationContext context) throws BeansException {
            super.setApplicationContext(context);
            this.environment = context.getEnvironment();
        }

        /** The container's SSL bundle ({@code @Ssl...} annotations on the container field), or {@code null}. */
        @Override
        public SslBundle getSslBundle() {
            return super.getSslBundle();
        }

        @Override
        public List<String> getServers() {
            Container<?> container = getContainer();
            return List.of(serverUrl(container.getHost(), container.getMappedPort(CLIENT_PORT)));
        }

        @Override
        public String getUsername() {
            return orProperty(command().user(), "nats.username");
        }

        @Override
        public String getPassword() {
            return orProperty(command().password(), "nats.password");
        }

        @Override
        public String getToken() {
            return orProperty(command().token(), "nats.token");
        }

        private NatsServerCommand command() {
            return NatsServerCommand.parse(getContainer().getCommandParts());
        }

        private String orProperty(String fromCommand, String property) {
            if (fromCommand != null) {
                return fromCommand;
            }
            Environment env = environment;
            return env == null ? null : env.getProperty(property);
        }
    }
}
