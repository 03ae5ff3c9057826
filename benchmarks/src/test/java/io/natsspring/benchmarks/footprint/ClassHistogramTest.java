package io.natsspring.benchmarks.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassHistogramTest {

    private static final String BEFORE = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000          80000  [B (java.base@25)
               2:           100           2400  java.lang.String (java.base@25)
            Total          1100          82400
            """;

    private static final String AFTER = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          3000         240000  [B (java.base@25)
               2:            50           1200  java.lang.String (java.base@25)
               3:            10            640  io.natsspring.broker.internal.Foo
               4:             2            128  io.natsspring.broker.internal.Foo
            Total          3062         241968
            """;

    @Test
    void parsesRowsAndTotalAndSumsClassesOfSeveralLoaders() {
        ClassHistogram h = ClassHistogram.parse(AFTER);
        assertThat(h.totalBytes()).isEqualTo(241_968);
        assertThat(h.classes().get("io.natsspring.broker.internal.Foo").bytes()).isEqualTo(768);
        assertThat(h.classes().get("io.natsspring.broker.internal.Foo").instances())
                .isEqualTo(12);
        assertThat(h.bytesOf("io.natsspring.")).isEqualTo(768);
    }

    @Test
    void growthListsOnlyClassesThatGrewLargestFirst() {
        ClassHistogram before = ClassHistogram.parse(BEFORE);
        ClassHistogram after = ClassHistogram.parse(AFTER);
        assertThat(after.growthOver(before))
                .extracting(ClassHistogram.Entry::className, ClassHistogram.Entry::bytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("[B", 160_000L),
                        org.assertj.core.groups.Tuple.tuple("io.natsspring.broker.internal.Foo", 768L));
    }

    @Test
    void measuresThisJvm() throws Exception {
        assertThat(ClassHistogram.ofThisJvm().totalBytes()).isPositive();
    }
}
