package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenKeyTest {

    @Test
    void hashesAndComparesLikeTheSubstring() {
        String subject = "_INBOX.Qm2zYk1x8GqvD3tRtYx0Ab.42";
        TokenKey key = new TokenKey();
        int start = 0;
        while (start <= subject.length()) {
            int end = subject.indexOf('.', start);
            end = end < 0 ? subject.length() : end;
            String token = subject.substring(start, end);
            key.set(subject, start, end);
            assertThat(key.hashCode()).isEqualTo(token.hashCode());
            assertThat(key.equals(token)).isTrue();
            assertThat(key.equals(token + "x")).isFalse();
            assertThat(key.equals(token.isEmpty() ? "x" : token.substring(1))).isFalse();
            assertThat(key).hasToString(token);
            start = end + 1;
        }
    }

    @Test
    void findsTheMappingOfItsToken() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            map.put("t" + i, i);
        }
        String subject = "a.t42.t7.zz";
        TokenKey key = new TokenKey();
        assertThat(map.get(key.set(subject, 2, 5))).isEqualTo(42);
        assertThat(map.get(key.set(subject, 6, 8))).isEqualTo(7);
        assertThat(map.get(key.set(subject, 9, 11))).isNull();
        assertThat(map.get(key.set(subject, 0, 1))).isNull();
    }
}
