package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchCacheTest {

    private final MatchCache<TestSubscription> cache = new MatchCache<>(64);

    private MatchResult<TestSubscription> put(String subject) {
        MatchResult<TestSubscription> r =
                MatchResult.of(new Object[] {TestSubscription.plain(subject)}, new String[0], new Object[0][]);
        byte[] key = subject.getBytes(StandardCharsets.UTF_8);
        cache.put(subject, key, MatchCache.hash(subject), r);
        return r;
    }

    private MatchResult<TestSubscription> get(String subject) {
        return cache.get(subject, MatchCache.hash(subject));
    }

    private MatchResult<TestSubscription> getBytes(String subject) {
        byte[] b = subject.getBytes(StandardCharsets.UTF_8);
        return cache.get(b, 0, b.length, MatchCache.hash(b, 0, b.length));
    }

    @Test
    void roundsCapacityUpToPowerOfTwo() {
        assertThat(new MatchCache<>(1).capacity()).isEqualTo(2);
        assertThat(new MatchCache<>(3).capacity()).isEqualTo(4);
        assertThat(new MatchCache<>(1024).capacity()).isEqualTo(1024);
        assertThat(new MatchCache<>(1025).capacity()).isEqualTo(2048);
        assertThatThrownBy(() -> new MatchCache<>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringAndByteHashesAgreeIncludingNonAscii() {
        for (String s : List.of("foo", "foo.bar.baz", "_INBOX.Xy9", "grüße.welt", "日本.語", "emoji.\uD83D\uDE00")) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(MatchCache.hash(s)).as(s).isEqualTo(MatchCache.hash(utf8, 0, utf8.length));
        }
    }

    @Test
    void findsEntriesByStringAndByBytes() {
        MatchResult<TestSubscription> r = put("orders.new");

        assertThat(get("orders.new")).isSameAs(r);
        assertThat(getBytes("orders.new")).isSameAs(r);
        assertThat(get("orders.old")).isNull();
        assertThat(getBytes("orders.ne")).isNull();
    }

    @Test
    void invalidatesOneLiteralSubject() {
        MatchResult<TestSubscription> keep = put("a.b");
        put("a.c");

        cache.invalidate("a.c");

        assertThat(get("a.c")).isNull();
        assertThat(get("a.b")).isSameAs(keep);
    }

    @Test
    void invalidatesEntriesMatchedByPatterns() {
        MatchResult<TestSubscription> other = put("b.x");
        MatchResult<TestSubscription> shortOne = put("a");
        put("a.x");
        put("a.y.z");
        put("c.d.e");

        cache.invalidateMatching(List.of("a.>", "*.d.*"));

        assertThat(get("a.x")).isNull();
        assertThat(get("a.y.z")).isNull();
        assertThat(get("c.d.e")).isNull();
        assertThat(get("a")).isSameAs(shortOne);
        assertThat(get("b.x")).isSameAs(other);
    }

    @Test
    void clearsEverythingForLargePatternBatches() {
        put("z.z");
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            patterns.add("p" + i + ".*");
        }

        cache.invalidateMatching(patterns);

        assertThat(cache.entryCount()).isZero();
    }

    @Test
    void neverHoldsMoreThanCapacity() {
        for (int i = 0; i < 5000; i++) {
            put("s." + i);
        }
        assertThat(cache.entryCount()).isLessThanOrEqualTo(cache.capacity());
        put("last.one");
        assertThat(get("last.one")).isNotNull();
    }
}
