package io.natsspring.kv.objectstore.resource;

import io.natsspring.kv.objectstore.ObjectStoreTemplates;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.core.io.ProtocolResolver;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Resolves {@code nats-os://<bucket>/<object name>} locations to {@link ObjectStoreResource}s. Add it to a
 * {@code DefaultResourceLoader} or an application context with {@code addProtocolResolver}.
 */
public class ObjectStoreProtocolResolver implements ProtocolResolver {

    private final Supplier<ObjectStoreTemplates> templates;

    /** @param templates looked up when a location is first resolved, so the connection can be created later */
    public ObjectStoreProtocolResolver(Supplier<ObjectStoreTemplates> templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    @Override
    public Resource resolve(String location, ResourceLoader resourceLoader) {
        if (!location.startsWith(ObjectStoreResource.PREFIX)) {
            return null;
        }
        String path = location.substring(ObjectStoreResource.PREFIX.length());
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw new IllegalArgumentException("Invalid Object Store location '" + location + "': expected "
                    + ObjectStoreResource.PREFIX + "<bucket>/<object name>");
        }
        return new ObjectStoreResource(templates.get().forBucket(path.substring(0, slash)), path.substring(slash + 1));
    }
}
