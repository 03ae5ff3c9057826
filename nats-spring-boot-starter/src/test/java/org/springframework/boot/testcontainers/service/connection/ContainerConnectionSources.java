package org.springframework.boot.testcontainers.service.connection;

import java.util.List;
import java.util.Map;
import org.springframework.boot.origin.Origin;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.testcontainers.containers.Container;

/**
 * Test-only access to the package-private {@link ContainerConnectionSource} constructor, so that factories can be
 * exercised with a stand-in container instead of one Docker runs.
 */
public final class ContainerConnectionSources {

    private ContainerConnectionSources() {}

    /** A source as {@code @ServiceConnection} (with the given name, or "" to deduce it from the image) creates it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ContainerConnectionSource<Container<?>> of(
            String imageName, String connectionName, Container<?> container) {
        MergedAnnotation<ServiceConnection> annotation =
                MergedAnnotation.of(ServiceConnection.class, Map.of("name", connectionName));
        return new ContainerConnectionSource<>(
                "test",
                new Origin() {},
                (Class) Container.class,
                imageName,
                annotation,
                () -> container,
                null,
                MergedAnnotations.of(List.of()));
    }
}
