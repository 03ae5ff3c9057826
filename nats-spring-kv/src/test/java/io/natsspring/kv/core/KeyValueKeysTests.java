package io.natsspring.kv.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyValueKeysTests {

    @Test
    void keys() {
        assertThat(KeyValueKeys.isValidKey("a")).isTrue();
        assertThat(KeyValueKeys.isValidKey("app.feature-x/on_off=1")).isTrue();
        assertThat(KeyValueKeys.isValidKey(null)).isFalse();
        assertThat(KeyValueKeys.isValidKey("")).isFalse();
        assertThat(KeyValueKeys.isValidKey("a.*")).isFalse();
        assertThat(KeyValueKeys.isValidKey(">")).isFalse();
        assertThat(KeyValueKeys.isValidKey("a..b")).isFalse();
        assertThat(KeyValueKeys.isValidKey("a b")).isFalse();
        assertThat(KeyValueKeys.isValidKey("a.")).isFalse();
    }

    @Test
    void patterns() {
        assertThat(KeyValueKeys.isValidPattern(">")).isTrue();
        assertThat(KeyValueKeys.isValidPattern("a.*.c")).isTrue();
        assertThat(KeyValueKeys.isValidPattern("a.>")).isTrue();
        assertThat(KeyValueKeys.isValidPattern("a.>.c")).isFalse();
        assertThat(KeyValueKeys.isValidPattern("a*")).isFalse();
        assertThat(KeyValueKeys.isValidPattern("a..b")).isFalse();
    }
}
