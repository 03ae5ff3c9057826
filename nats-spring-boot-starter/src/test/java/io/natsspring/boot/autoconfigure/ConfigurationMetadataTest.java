package io.natsspring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata (IDE completion) describes the fields inside the declaration lists, e.g.
 * {@code nats.jetstream.streams[].max-age}, for every property of the list element classes.
 */
class ConfigurationMetadataTest {

    @Test
    void listEntriesAreDescribed() throws Exception {
        Map<String, JsonNode> properties = natsMetadata();
        assertThat(properties).containsKeys("nats.servers", "nats.unknown-properties", "nats.jetstream.streams");
        assertDescribed(properties, "nats.jetstream.streams[]", StreamDeclaration.class);
        assertDescribed(properties, "nats.jetstream.consumers[]", ConsumerDeclaration.class);
        assertDescribed(properties, "nats.jetstream.key-value[]", KeyValueDeclaration.class);
        assertDescribed(properties, "nats.jetstream.object-store[]", ObjectStoreDeclaration.class);
        assertDescribed(properties, "nats.broker.users[]", NatsBrokerProperties.User.class);
        assertDescribed(properties, "nats.broker.leaf.remotes[]", NatsBrokerLeafProperties.Remote.class);
        assertDescribed(properties, "nats.broker.leaf.authorization.users[]", NatsBrokerLeafProperties.User.class);
        assertThat(properties).containsKeys("nats.broker.jetstream.domain", "nats.broker.leaf.listen.port");
        assertThat(properties
                        .get("nats.jetstream.streams[].max-age")
                        .path("type")
                        .asString())
                .isEqualTo("java.time.Duration");
        assertThat(properties
                        .get("nats.jetstream.key-value[].history")
                        .path("description")
                        .asString())
                .isEqualTo("Values kept per key (1 to 64).");
    }

    private static void assertDescribed(Map<String, JsonNode> properties, String prefix, Class<?> type) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getWriteMethod() == null) {
                continue;
            }
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(property.getName());
            assertThat(properties).as("metadata of %s", name).containsKey(name);
            assertThat(properties.get(name).path("description").asString())
                    .as("description of %s", name)
                    .isNotBlank();
        }
    }

    private static Map<String, JsonNode> natsMetadata() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(ConfigurationMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode root = json.readTree(in);
                Map<String, JsonNode> byName = new HashMap<>();
                root.path("properties").forEach(p -> byName.put(p.path("name").asString(), p));
                if (byName.containsKey("nats.servers")) {
                    return byName;
                }
            }
        }
        throw new AssertionError("no NATS configuration metadata on the class path");
    }
}
