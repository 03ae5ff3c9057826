package io.natsspring.boot.kvconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValuePropertyNamesTest {

    @Test
    void keysAreNamesWithSlashReadAsDot() {
        assertThat(KeyValuePropertyNames.propertyName("app.feature.enabled")).isEqualTo("app.feature.enabled");
        assertThat(KeyValuePropertyNames.propertyName("app/feature/enabled")).isEqualTo("app.feature.enabled");
        assertThat(KeyValuePropertyNames.propertyName("app/limits.max_Size")).isEqualTo("app.limits.max_Size");
    }

    @Test
    void keysThatAreNoNamesAreRejected() {
        assertThat(KeyValuePropertyNames.propertyName("app.mode=fast")).isNull();
        assertThat(KeyValuePropertyNames.propertyName("app//x")).isNull();
        assertThat(KeyValuePropertyNames.propertyName("/app")).isNull();
        assertThat(KeyValuePropertyNames.propertyName("app/")).isNull();
    }

    @Test
    void rejectedKeysAndConflictsAreReportedAndLeftOut() {
        Map<String, String> rejected = new LinkedHashMap<>();
        Map<String, String> properties =
                KeyValuePropertyNames.toProperties(Map.of("a.b", "1", "a/b", "2", "c=d", "3", "e", "4"), rejected::put);
        assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.of("a.b", "1", "e", "4"));
        assertThat(rejected).containsOnlyKeys("a/b", "c=d");
        assertThat(rejected.get("a/b")).contains("key 'a.b' maps to the same property 'a.b'");
        assertThat(rejected.get("c=d")).contains("not a property name");
    }
}
