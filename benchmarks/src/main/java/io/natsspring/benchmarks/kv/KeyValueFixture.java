package io.natsspring.benchmarks.kv;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.kv.core.KeyValueTemplate;
import java.io.IOException;
import java.time.Duration;

/**
 * A memory Key-Value bucket on the embedded broker (started here) or on a running server, with the raw jnats
 * {@link KeyValue} and two templates on it: {@code byte[]} values and a record converted to and from JSON.
 */
public final class KeyValueFixture implements AutoCloseable {

    /** A value as an application would store it (~100 B of JSON). */
    public record Setting(String name, String value, int priority, boolean enabled) {}

    public static final Setting SETTING =
            new Setting("shipping.free-above", "a value of a few dozen characters, as settings are", 7, true);

    private final NatsBroker broker;
    private final Connection connection;
    private final String bucket;
    private final KeyValue kv;
    private final KeyValueTemplate<byte[]> bytesTemplate;
    private final KeyValueTemplate<Setting> jsonTemplate;
    private final byte[] bytes;

    /** @param server {@code embedded} or a server URL */
    public KeyValueFixture(String server) throws IOException, InterruptedException, JetStreamApiException {
        String url = server;
        if (server.equals("embedded")) {
            broker = new NatsBroker(
                            BrokerOptions.builder().port(0).jetStream(true).build())
                    .start();
            url = broker.clientUrl();
        } else {
            broker = null;
        }
        connection = Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(10))
                .build());
        bucket = "bench-kv-" + ProcessHandle.current().pid();
        connection
                .keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(bucket)
                        .storageType(StorageType.Memory)
                        .build());
        kv = connection.keyValue(bucket);
        JacksonNatsMessageConverter converter = new JacksonNatsMessageConverter();
        bytesTemplate = new KeyValueTemplate<>(kv, byte[].class, converter);
        jsonTemplate = new KeyValueTemplate<>(kv, Setting.class, converter);
        bytes = converter.toPayload(SETTING, new Headers());
        kv.put("raw", bytes);
        kv.put("template", bytes);
    }

    public KeyValue kv() {
        return kv;
    }

    public KeyValueTemplate<byte[]> bytesTemplate() {
        return bytesTemplate;
    }

    public KeyValueTemplate<Setting> jsonTemplate() {
        return jsonTemplate;
    }

    /** {@link #SETTING} as JSON bytes. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public void close() throws Exception {
        try {
            connection.keyValueManagement().delete(bucket);
        } finally {
            connection.close();
            if (broker != null) {
                broker.close();
            }
        }
    }
}
