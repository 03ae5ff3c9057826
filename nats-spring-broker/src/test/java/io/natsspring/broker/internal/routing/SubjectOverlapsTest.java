package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linear-time overlap checks agree with the pairwise {@link Subjects#overlaps(String, String)}. */
class SubjectOverlapsTest {

    private static final List<String> SAMPLES =
            List.of("a", "a.b", "a.c", "a.*", "*.b", "a.>", ">", "x.y.z", "x.*.z", "x.y", "*", "b.*.*", "b.c.d");

    @Test
    void agreesWithPairwiseChecksOnEverySmallCombination() {
        for (String a : SAMPLES) {
            for (String b : SAMPLES) {
                for (String c : SAMPLES) {
                    List<String> left = List.of(a, b);
                    List<String> right = List.of(c, b.equals(c) ? "q" : b);
                    assertThat(SubjectOverlaps.anyOverlap(left, right))
                            .as(left + " vs " + right)
                            .isEqualTo(pairwise(left, right));
                    List<String> within = List.of(a, b, c);
                    assertThat(SubjectOverlaps.anyOverlapWithin(within))
                            .as(within.toString())
                            .isEqualTo(pairwiseWithin(within));
                }
            }
        }
    }

    @Test
    void tenThousandLiteralsDoNotOverlapButOneWildcardDoes() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add("s." + i);
        }
        assertThat(SubjectOverlaps.anyOverlapWithin(many)).isFalse();
        assertThat(SubjectOverlaps.anyOverlap(many, List.of("t.1", "s.x.>"))).isFalse();
        assertThat(SubjectOverlaps.anyOverlap(List.of("s.9999"), many)).isTrue();
        assertThat(SubjectOverlaps.anyOverlap(many, List.of("*.77"))).isTrue();
        many.add("s.*");
        assertThat(SubjectOverlaps.anyOverlapWithin(many)).isTrue();
    }

    private static boolean pairwise(List<String> a, List<String> b) {
        return a.stream().anyMatch(x -> b.stream().anyMatch(y -> Subjects.overlaps(x, y)));
    }

    private static boolean pairwiseWithin(List<String> a) {
        return a.stream().anyMatch(x -> a.stream().anyMatch(y -> !x.equals(y) && Subjects.overlaps(x, y)));
    }
}
