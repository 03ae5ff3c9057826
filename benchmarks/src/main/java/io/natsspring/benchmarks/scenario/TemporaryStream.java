package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;

/** A stream created for one phase on one subject and deleted when closed. */
final class TemporaryStream implements AutoCloseable {

    private final JetStreamManagement jsm;
    private final String name;
    private final String subject;

    TemporaryStream(Connection connection, String name, String subject, StorageType storage)
            throws IOException, JetStreamApiException {
        this.jsm = connection.jetStreamManagement();
        this.name = name;
        this.subject = subject;
        jsm.addStream(StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .storageType(storage)
                .build());
    }

    String name() {
        return name;
    }

    String subject() {
        return subject;
    }

    /** Messages the server says the stream holds. */
    long messageCount() throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(name).getStreamState().getMsgCount();
    }

    @Override
    public void close() throws IOException, JetStreamApiException {
        jsm.deleteStream(name);
    }
}
