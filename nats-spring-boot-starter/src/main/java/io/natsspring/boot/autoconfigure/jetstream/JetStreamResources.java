package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreOptions;
import io.nats.client.StreamContext;
import java.io.IOException;

/**
 * Opens the declared streams and buckets for the beans {@link DeclaredResourceBeans} registers per declaration.
 * Created after the declarations were applied (it depends on {@link JetStreamDeclarationsInitializer} when
 * declarations are enabled), so the resources exist when it opens them.
 */
public class JetStreamResources {

    private final Connection connection;
    private final JetStreamOptions options;

    public JetStreamResources(Connection connection, JetStreamOptions options) {
        this.connection = connection;
        this.options = options;
    }

    /** The Key-Value bucket declared as {@code nats.jetstream.key-value[*].name=bucket}. */
    public KeyValue keyValue(String bucket) {
        try {
            return connection.keyValue(
                    bucket, KeyValueOptions.builder().jetStreamOptions(options).build());
        } catch (IOException | RuntimeException e) {
            throw notOpened("Key-Value bucket '" + bucket + "' (nats.jetstream.key-value)", e);
        }
    }

    /** The Object Store bucket declared as {@code nats.jetstream.object-store[*].name=bucket}. */
    public ObjectStore objectStore(String bucket) {
        try {
            return connection.objectStore(
                    bucket,
                    ObjectStoreOptions.builder().jetStreamOptions(options).build());
        } catch (IOException | RuntimeException e) {
            throw notOpened("Object Store bucket '" + bucket + "' (nats.jetstream.object-store)", e);
        }
    }

    /** The stream declared as {@code nats.jetstream.streams[*].name=stream}. */
    public StreamContext streamContext(String stream) {
        try {
            return connection.getStreamContext(stream, options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw notOpened("stream '" + stream + "' (nats.jetstream.streams)", e);
        }
    }

    private static JetStreamDeclarationException notOpened(String what, Exception cause) {
        return new JetStreamDeclarationException(
                "Could not open the declared JetStream " + what + ": "
                        + cause.getMessage()
                        + ". It is created at startup unless nats.jetstream.declarations.enabled=false;"
                        + " then it must exist on the server.",
                cause);
    }
}
