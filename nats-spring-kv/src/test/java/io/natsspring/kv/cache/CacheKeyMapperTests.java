package io.natsspring.kv.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.kv.core.KeyValueKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyMapperTests {

    private final CacheKeyMapper mapper = new CacheKeyMapper(CacheKeyMapper.Mode.ENCODE);

    @Test
    void validKeysWithoutEqualsSignMapToThemselves() {
        for (String key : List.of("a", "orders.42", "A-b_c/d", "x.y.z")) {
            assertThat(mapper.toKvKey("c", key)).isEqualTo(key);
        }
    }

    @Test
    void encodingIsValidAndInjective() {
        List<String> texts = List.of(
                "",
                "=",
                "==",
                "a b",
                "a=20b",
                "a=3D20b",
                ".",
                "..",
                "a.",
                ".a",
                "a..b",
                "a.=2E.b",
                "a*",
                "a>",
                "é",
                "日本",
                "😀",
                "=2E",
                "a.b",
                "a=2Eb",
                "SimpleKey [x, 1]",
                "\n",
                "a\tb");
        Map<String, String> seen = new HashMap<>();
        for (String text : texts) {
            String key = mapper.toKvKey("c", text);
            assertThat(KeyValueKeys.isValidKey(key)).as("%s -> %s", text, key).isTrue();
            assertThat(seen.put(key, text)).as("collision on %s", key).isNull();
        }
        assertThat(mapper.toKvKey("c", 42)).isEqualTo("42");
        assertThat(mapper.toKvKey("c", "a..b")).isEqualTo("a=2E=2Eb");
        assertThat(mapper.toKvKey("c", "é")).isEqualTo("=C3=A9");
    }
}
