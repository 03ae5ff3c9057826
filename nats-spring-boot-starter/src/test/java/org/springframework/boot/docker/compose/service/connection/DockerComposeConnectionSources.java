package org.springframework.boot.docker.compose.service.connection;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.core.env.Environment;

/**
 * Test-only access to the package-private {@link DockerComposeConnectionSource} constructor, so that factories can
 * be exercised with a described service instead of a running Docker Compose.
 */
public final class DockerComposeConnectionSources {

    private DockerComposeConnectionSources() {}

    public static DockerComposeConnectionSource of(RunningService service, Environment environment) {
        return new DockerComposeConnectionSource(service, environment);
    }
}
