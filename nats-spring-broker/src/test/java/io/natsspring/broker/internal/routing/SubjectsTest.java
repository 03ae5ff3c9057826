package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "foo",
                "foo.bar",
                "foo.bar.baz",
                "a*b",
                "a>b",
                "foo.a*.b>",
                "*a",
                ">a",
                "_INBOX.x1",
                "$JS.API.INFO",
                "ünï.cödé"
            })
    void acceptsValidPublishSubjects(String subject) {
        assertThat(Subjects.isValidPublishSubject(subject)).isTrue();
        assertThat(Subjects.isValidSubscribeSubject(subject)).isTrue();
        assertThat(Subjects.hasWildcard(subject)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "foo..bar",
                ".foo",
                "foo.",
                "foo bar",
                "foo\tbar",
                "foo\nbar",
                "foo\rbar",
                "foo\fbar",
                " foo",
                "foo "
            })
    void rejectsMalformedSubjects(String subject) {
        assertThat(Subjects.isValidPublishSubject(subject)).isFalse();
        assertThat(Subjects.isValidSubscribeSubject(subject)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", ">", "foo.*", "foo.>", "*.bar", "*.*", "foo.*.baz", "foo.*.>", "*.>"})
    void wildcardsAreForSubscribingOnly(String subject) {
        assertThat(Subjects.isValidSubscribeSubject(subject)).isTrue();
        assertThat(Subjects.isValidPublishSubject(subject)).isFalse();
        assertThat(Subjects.hasWildcard(subject)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo.>.bar", ">.foo", ">.>", ">.*", "foo..*", "*.", ".>", "foo.* .bar"})
    void rejectsMisplacedWildcards(String subject) {
        assertThat(Subjects.isValidSubscribeSubject(subject)).isFalse();
        assertThat(Subjects.isValidPublishSubject(subject)).isFalse();
    }

    @Test
    void wildcardCharactersInsideTokensAreLiteral() {
        assertThat(Subjects.hasWildcard("a*b.c>")).isFalse();
        assertThat(Subjects.hasWildcard("**.>>")).isFalse();
        assertThat(Subjects.isValidSubscribeSubject("foo.>>.bar")).isTrue();
        assertThat(Subjects.matches("a*b", "a*b")).isTrue();
        assertThat(Subjects.matches("a*b", "axb")).isFalse();
        assertThat(Subjects.matches("foo.b>", "foo.b.c")).isFalse();
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "foo, foo, true",
        "foo, fo, false",
        "foo, foox, false",
        "foo, foo.bar, false",
        "foo.bar, foo, false",
        "foo.bar, foo.bar, true",
        "foo.bar, foo.baz, false",
        "foo.bar, foo.barx, false",
        "foo.barx, foo.bar, false",
        "foo.*, foo.bar, true",
        "foo.*, foo, false",
        "foo.*, foo.bar.baz, false",
        "foo.>, foo.bar, true",
        "foo.>, foo.bar.baz, true",
        "foo.>, foo, false",
        "foo.>, foox.bar, false",
        ">, foo, true",
        ">, foo.bar.baz, true",
        "*, foo, true",
        "*, foo.bar, false",
        "*.*, foo.bar, true",
        "*.*, foo, false",
        "*.*, foo.bar.baz, false",
        "*.bar, foo.bar, true",
        "*.bar, foo.baz, false",
        "foo.*.baz, foo.x.baz, true",
        "foo.*.baz, foo.x.y.baz, false",
        "foo.*.>, foo.x.y, true",
        "foo.*.>, foo.x, false",
        "*.>, a.b, true",
        "*.>, a, false",
    })
    void matchesLiteralSubjects(String pattern, String subject, boolean expected) {
        assertThat(Subjects.matches(pattern, subject)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({
        "foo, foo, true",
        "foo, bar, false",
        "foo.*, foo.bar, true",
        "foo.*, foo, false",
        "foo.*, foo.bar.baz, false",
        "foo.>, foo, false",
        "foo.>, foo.bar.baz, true",
        "foo.>, bar.>, false",
        "foo.*, foo.>, true",
        "foo.bar.>, foo.*, false",
        "foo.bar.>, foo.*.>, true",
        "*.bar, foo.*, true",
        "*.bar, foo.baz, false",
        ">, anything.at.all, true",
        "*, *.*, false",
        "a.b.c, a.b, false",
    })
    void detectsOverlaps(String a, String b, boolean expected) {
        assertThat(Subjects.overlaps(a, b)).isEqualTo(expected);
        assertThat(Subjects.overlaps(b, a)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} subset of {1}: {2}")
    @CsvSource({
        "foo, foo, true",
        "foo, bar, false",
        "foo.bar, foo.*, true",
        "foo.*, foo.bar, false",
        "foo.bar, foo.>, true",
        "foo.bar.baz, foo.>, true",
        "foo, foo.>, false",
        "foo.*, foo.>, true",
        "foo.>, foo.>, true",
        "foo.>, foo.*, false",
        "foo.*.>, foo.>, true",
        "foo.>, foo.*.>, false",
        "*, >, true",
        ">, *, false",
        ">, foo.>, false",
        "*.*, *.>, true",
        "*.>, *.*, false",
        "foo.bar, *.*, true",
        "foo.bar, *, false",
        "foo.bar.baz, foo.*, false",
    })
    void detectsSubsets(String inner, String outer, boolean expected) {
        assertThat(Subjects.isSubsetOf(inner, outer)).isEqualTo(expected);
    }
}
