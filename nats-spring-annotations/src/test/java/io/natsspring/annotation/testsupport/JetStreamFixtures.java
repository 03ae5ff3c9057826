package io.natsspring.annotation.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;

/** Streams and consumer checks for JetStream listener tests. */
public final class JetStreamFixtures {

    private JetStreamFixtures() {}

    /** (Re)creates a memory stream capturing {@code subjects}. */
    public static void recreateStream(Connection connection, String stream, String... subjects) throws Exception {
        JetStreamManagement jsm = connection.jetStreamManagement();
        try {
            jsm.deleteStream(stream);
        } catch (io.nats.client.JetStreamApiException notThere) {
            // first run
        }
        jsm.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects(subjects)
                .storageType(StorageType.Memory)
                .build());
    }

    public static void publish(Connection connection, String subject, String payload) throws Exception {
        connection.jetStream().publish(subject, payload.getBytes(StandardCharsets.UTF_8));
    }

    public static ConsumerInfo consumer(Connection connection, String stream, String durable) throws Exception {
        return connection.jetStreamManagement().getConsumerInfo(stream, durable);
    }

    public static String text(io.nats.client.Message message) {
        return new String(message.getData(), StandardCharsets.UTF_8);
    }
}
