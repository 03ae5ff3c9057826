package io.natsspring.boot.docker.compose;

import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import java.util.List;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;
import org.springframework.core.env.Environment;

/**
 * Creates {@link NatsConnectionDetails} for a Docker Compose service whose image is {@code nats} (or that carries
 * the label {@code org.springframework.boot.service-connection: nats}). Registered in {@code spring.factories}.
 */
class NatsDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<NatsConnectionDetails> {

    static final String CONNECTION_NAME = "nats";

    static final int CLIENT_PORT = 4222;

    NatsDockerComposeConnectionDetailsFactory() {
        super(CONNECTION_NAME);
    }

    @Override
    protected NatsConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
        return new DockerComposeNatsConnectionDetails(source.getRunningService(), source.getEnvironment());
    }

    /** {@code nats://host:port}, with an IPv6 literal host in brackets. */
    static String serverUrl(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "nats://" + h + ":" + port;
    }

    /**
     * The service's host and the port published for the container's client port 4222. Boot does not expose the
     * service's command, where the official image takes {@code --user}/{@code --pass}/{@code --auth}, so credentials
     * come from {@code nats.username}, {@code nats.password} and {@code nats.token}.
     */
    static final class DockerComposeNatsConnectionDetails extends DockerComposeConnectionDetails
            implements NatsConnectionDetails {

        private final String server;
        private final String username;
        private final String password;
        private final String token;

        DockerComposeNatsConnectionDetails(RunningService service, Environment environment) {
            super(service);
            this.server = serverUrl(service.host(), service.ports().get(CLIENT_PORT));
            this.username = environment.getProperty("nats.username");
            this.password = environment.getProperty("nats.password");
            this.token = environment.getProperty("nats.token");
        }

        @Override
        public List<String> getServers() {
            return List.of(server);
        }

        @Override
        public String getUsername() {
            return username;
        }

        @Override
        public String getPassword() {
            return password;
        }

        @Override
        public String getToken() {
            return token;
        }
    }
}
