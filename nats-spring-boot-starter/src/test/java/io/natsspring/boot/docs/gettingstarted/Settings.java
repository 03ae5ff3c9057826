package io.natsspring.boot.docs.gettingstarted;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

@Component
public class Settings {

    private final Connection connection;

    public Settings(Connection connection) {
        this.connection = connection;
    }

    public void put(String key, String value) throws Exception {
        bucket().put(key, value);
    }

    public String get(String key) throws Exception {
        KeyValueEntry entry = bucket().get(key);
        return entry == null ? null : new String(entry.getValue(), StandardCharsets.UTF_8);
    }

    /** The "settings" bucket declared in application.yml. */
    private KeyValue bucket() throws IOException {
        return connection.keyValue("settings");
    }
}
