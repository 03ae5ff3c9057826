package io.natsspring.broker.internal.routing;

import static io.natsspring.broker.internal.routing.MatchContents.all;
import static io.natsspring.broker.internal.routing.MatchContents.groups;
import static io.natsspring.broker.internal.routing.MatchContents.plain;
import static io.natsspring.broker.internal.routing.TestSubscription.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubjectTreeTest {

    private final SubjectTree<TestSubscription> tree = new SubjectTree<>();

    private TestSubscription add(String subject) {
        TestSubscription sub = TestSubscription.plain(subject);
        tree.insert(sub);
        return sub;
    }

    private List<TestSubscription> matchBytes(String subject) {
        byte[] padded = ("xx" + subject + "yyy").getBytes(StandardCharsets.UTF_8);
        int length = subject.getBytes(StandardCharsets.UTF_8).length;
        return all(tree.match(padded, 2, length));
    }

    @Test
    void emptyTreeMatchesNothing() {
        assertThat(tree.match("foo").isEmpty()).isTrue();
        assertThat(tree.hasInterest("foo")).isFalse();
        assertThat(tree.size()).isZero();
    }

    @Test
    void matchesLiteralSubscriptionsExactly() {
        TestSubscription fooBar = add("foo.bar");

        assertThat(all(tree.match("foo.bar"))).containsExactly(fooBar);
        assertThat(all(tree.match("foo"))).isEmpty();
        assertThat(all(tree.match("foo.bar.baz"))).isEmpty();
        assertThat(all(tree.match("foo.baz"))).isEmpty();
        assertThat(all(tree.match("foo.ba"))).isEmpty();
        assertThat(all(tree.match("bar"))).isEmpty();
    }

    @Test
    void appliesWildcardSemantics() {
        TestSubscription fooStar = add("foo.*");
        TestSubscription fooTail = add("foo.>");
        TestSubscription all = add(">");
        TestSubscription starStar = add("*.*");
        TestSubscription starBar = add("*.bar");
        TestSubscription fooStarBaz = add("foo.*.baz");
        TestSubscription star = add("*");

        assertThat(all(tree.match("foo"))).containsExactlyInAnyOrder(all, star);
        assertThat(all(tree.match("foo.bar"))).containsExactlyInAnyOrder(fooStar, fooTail, all, starStar, starBar);
        assertThat(all(tree.match("foo.bar.baz"))).containsExactlyInAnyOrder(fooTail, all, fooStarBaz);
        assertThat(all(tree.match("foo.bar.baz.qux"))).containsExactlyInAnyOrder(fooTail, all);
        assertThat(all(tree.match("x.bar"))).containsExactlyInAnyOrder(all, starStar, starBar);
        assertThat(all(tree.match("x.y.z"))).containsExactlyInAnyOrder(all);
    }

    @Test
    void wildcardCharactersInsideTokensAreLiteral() {
        TestSubscription literal = add("a*b.c>");

        assertThat(all(tree.match("a*b.c>"))).containsExactly(literal);
        assertThat(all(tree.match("axb.c>"))).isEmpty();
        assertThat(all(tree.match("a*b.c.d"))).isEmpty();
    }

    @Test
    void publishedWildcardTokensDoNotHitWildcardSubscriptionsAsLiterals() {
        add("foo.bar");

        assertThat(all(tree.match("foo.*"))).isEmpty();
        assertThat(all(tree.match("foo.>"))).isEmpty();
    }

    @Test
    void subjectsWithEmptyTokensMatchNothing() {
        add("foo.*");
        add("*");
        add(">");

        for (String malformed : List.of("", ".", "foo.", ".foo", "foo..bar")) {
            assertThat(tree.hasInterest(malformed)).as(malformed).isFalse();
            assertThat(matchBytes(malformed)).as(malformed).isEmpty();
        }
        assertThat(tree.cachedEntryCount()).isZero();
    }

    @Test
    void groupsQueueSubscriptionsByNameAcrossPatterns() {
        TestSubscription plainA = add("orders.new");
        TestSubscription plainB = add("orders.*");
        TestSubscription w1 = queued("orders.new", "workers");
        TestSubscription w2 = queued("orders.*", "workers");
        TestSubscription w3 = queued("orders.>", "workers");
        TestSubscription a1 = queued("orders.new", "audit");
        TestSubscription other = queued("orders.old", "workers");
        for (TestSubscription s : List.of(w1, w2, w3, a1, other)) {
            tree.insert(s);
        }

        MatchResult<TestSubscription> r = tree.match("orders.new");

        assertThat(plain(r)).containsExactlyInAnyOrder(plainA, plainB);
        Map<String, List<TestSubscription>> groups = groups(r);
        assertThat(groups).containsOnlyKeys("workers", "audit");
        assertThat(groups.get("workers")).containsExactlyInAnyOrder(w1, w2, w3);
        assertThat(groups.get("audit")).containsExactly(a1);
        assertThat(r.groupCount()).isEqualTo(2);
        assertThat(r.isEmpty()).isFalse();
    }

    @Test
    void queueGroupOnlyResultIsNotEmpty() {
        tree.insert(queued("jobs", "q"));

        MatchResult<TestSubscription> r = tree.match("jobs");

        assertThat(r.isEmpty()).isFalse();
        assertThat(r.plainCount()).isZero();
        assertThat(r.groupSize(0)).isEqualTo(1);
        assertThat(tree.hasInterest("jobs")).isTrue();
    }

    @Test
    void storesSubscriptionsByIdentity() {
        TestSubscription first = TestSubscription.plain("foo");
        TestSubscription equalTwin = TestSubscription.plain("foo");

        tree.insert(first);
        tree.insert(first);
        tree.insert(equalTwin);

        assertThat(tree.size()).isEqualTo(2);
        assertThat(tree.match("foo").plainCount()).isEqualTo(2);
        assertThat(tree.remove(first)).isTrue();
        assertThat(tree.remove(first)).isFalse();
        assertThat(all(tree.match("foo"))).singleElement().isSameAs(equalTwin);
    }

    @Test
    void removeDropsOnlyThatSubscription() {
        TestSubscription a = add("foo.*");
        TestSubscription b = add("foo.bar");
        TestSubscription q = queued("foo.bar", "q");
        tree.insert(q);

        assertThat(tree.remove(b)).isTrue();
        assertThat(tree.remove(TestSubscription.plain("not.there"))).isFalse();
        assertThat(tree.remove(queued("foo.bar", "other"))).isFalse();

        assertThat(all(tree.match("foo.bar"))).containsExactlyInAnyOrder(a, q);
        assertThat(tree.size()).isEqualTo(2);
    }

    @Test
    void removeAllRemovesInOnePassAndSkipsUnknown() {
        TestSubscription a = add("a.b");
        TestSubscription b = add("a.*");
        TestSubscription c = add(">");
        TestSubscription keep = add("a.>");
        TestSubscription q = queued("a.b", "q");
        tree.insert(q);
        tree.match("a.b");

        tree.removeAll(List.of(a, b, c, q, TestSubscription.plain("never.added")));

        assertThat(tree.size()).isEqualTo(1);
        assertThat(all(tree.match("a.b"))).containsExactly(keep);
        assertThat(all(tree.match("x"))).isEmpty();
    }

    @Test
    void cacheSeesLiteralInsertAndRemove() {
        assertThat(all(tree.match("inbox.1"))).isEmpty();
        assertThat(matchBytes("inbox.1")).isEmpty();

        TestSubscription sub = add("inbox.1");
        assertThat(all(tree.match("inbox.1"))).containsExactly(sub);
        assertThat(matchBytes("inbox.1")).containsExactly(sub);

        tree.remove(sub);
        assertThat(all(tree.match("inbox.1"))).isEmpty();
        assertThat(matchBytes("inbox.1")).isEmpty();
    }

    @Test
    void cacheSeesWildcardInsertAndRemove() {
        TestSubscription literal = add("foo.bar");
        assertThat(all(tree.match("foo.bar"))).containsExactly(literal);
        assertThat(matchBytes("foo.baz.qux")).isEmpty();

        TestSubscription tail = add("foo.>");
        assertThat(all(tree.match("foo.bar"))).containsExactlyInAnyOrder(literal, tail);
        assertThat(matchBytes("foo.baz.qux")).containsExactly(tail);

        TestSubscription star = add("*.bar");
        assertThat(matchBytes("foo.bar")).containsExactlyInAnyOrder(literal, tail, star);

        tree.remove(tail);
        assertThat(all(tree.match("foo.bar"))).containsExactlyInAnyOrder(literal, star);
        assertThat(matchBytes("foo.baz.qux")).isEmpty();

        tree.removeAll(List.of(star, literal));
        assertThat(matchBytes("foo.bar")).isEmpty();
    }

    @Test
    void cacheSeesQueueMembershipChanges() {
        TestSubscription w1 = queued("jobs.*", "w");
        tree.insert(w1);
        assertThat(groups(tree.match("jobs.1"))).containsOnlyKeys("w");

        TestSubscription w2 = queued("jobs.1", "w");
        tree.insert(w2);
        assertThat(groups(tree.match("jobs.1")).get("w")).containsExactlyInAnyOrder(w1, w2);

        tree.remove(w1);
        assertThat(groups(tree.match("jobs.1")).get("w")).containsExactly(w2);
    }

    @Test
    void invalidatesOnlyAffectedEntries() {
        add("hot.a");
        MatchResult<TestSubscription> hotA = tree.match("hot.a");
        MatchResult<TestSubscription> hotB = tree.match("hot.b");
        MatchResult<TestSubscription> cold = tree.match("cold.x");

        TestSubscription inbox = add("_INBOX.abc");
        tree.remove(inbox);
        assertThat(tree.match("hot.a")).isSameAs(hotA);
        assertThat(tree.match("hot.b")).isSameAs(hotB);

        TestSubscription wildcard = add("hot.*");
        assertThat(tree.match("cold.x")).isSameAs(cold);
        assertThat(tree.match("hot.a")).isNotSameAs(hotA);
        assertThat(all(tree.match("hot.b"))).containsExactly(wildcard);
    }

    @Test
    void removeAllOfManyWildcardsStillInvalidates() {
        List<TestSubscription> subs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            subs.add(add("w" + i + ".*"));
        }
        assertThat(tree.hasInterest("w7.x")).isTrue();

        tree.removeAll(subs);

        assertThat(tree.hasInterest("w7.x")).isFalse();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void byteAndStringVariantsAgree() {
        TestSubscription a = add("foo.*");
        TestSubscription b = add("foo.bar");
        byte[] buffer = "PUB foo.bar 5".getBytes(StandardCharsets.US_ASCII);

        assertThat(all(tree.match(buffer, 4, 7))).containsExactlyInAnyOrder(a, b);
        assertThat(all(tree.match(buffer, 4, 3))).isEmpty();
        assertThat(tree.hasInterest(buffer, 4, 7)).isTrue();
        assertThat(tree.match(buffer, 4, 7)).isSameAs(tree.match("foo.bar"));
    }

    @Test
    void handlesNonAsciiSubjects() {
        TestSubscription sub = add("grüße.*");
        byte[] utf8 = "grüße.welt".getBytes(StandardCharsets.UTF_8);

        assertThat(all(tree.match(utf8, 0, utf8.length))).containsExactly(sub);
        assertThat(tree.match("grüße.welt")).isSameAs(tree.match(utf8, 0, utf8.length));

        tree.remove(sub);
        assertThat(all(tree.match(utf8, 0, utf8.length))).isEmpty();
        assertThat(all(tree.match("grüße.welt"))).isEmpty();
    }

    @Test
    void rejectsInvalidSubscribeSubjects() {
        for (String bad : List.of("", "foo..bar", ".foo", "foo.", "foo.>.bar", "foo bar")) {
            assertThatThrownBy(() -> tree.insert(TestSubscription.plain(bad)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(tree.size()).isZero();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void cacheStaysBounded() {
        SubjectTree<TestSubscription> small = new SubjectTree<>(64);
        TestSubscription all = TestSubscription.plain(">");
        small.insert(all);

        for (int i = 0; i < 10_000; i++) {
            assertThat(all(small.match("subject." + i))).containsExactly(all);
        }

        assertThat(small.cacheCapacity()).isEqualTo(64);
        assertThat(small.cachedEntryCount()).isBetween(1, 64);
    }

    @Test
    void prunesEmptiedNodes() {
        List<TestSubscription> subs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            subs.add(TestSubscription.plain("_INBOX.client" + (i % 7) + "." + i));
            subs.add(queued("svc." + (i % 5) + ".*.req", "g" + (i % 3)));
        }
        subs.add(TestSubscription.plain(">"));
        subs.add(TestSubscription.plain("a.>"));
        subs.add(TestSubscription.plain("*"));
        subs.forEach(tree::insert);
        assertThat(tree.nodeCount()).isPositive();

        for (int i = 0; i < subs.size(); i += 2) {
            assertThat(tree.remove(subs.get(i))).isTrue();
        }
        tree.removeAll(subs);

        assertThat(tree.size()).isZero();
        assertThat(tree.nodeCount()).isZero();
        assertThat(tree.match("svc.1.x.req").isEmpty()).isTrue();
    }

    @Test
    void nodesArePrunedOnlyWhenUnused() {
        TestSubscription deep = add("a.b.c");
        TestSubscription mid = add("a.b");
        assertThat(tree.nodeCount()).isEqualTo(3);

        tree.remove(deep);
        assertThat(tree.nodeCount()).isEqualTo(2);
        assertThat(all(tree.match("a.b"))).containsExactly(mid);

        tree.remove(mid);
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void stringWithItsBytesMatchesAsTheString() {
        TestSubscription inbox = add("_INBOX.abc.*");
        TestSubscription all = add(">");
        TestSubscription queue = queued("_INBOX.>", "q");
        tree.insert(queue);
        for (String subject : List.of("_INBOX.abc.1", "_INBOX.abc.2", "_INBOX.abd.1", "other", "grüße.welt")) {
            byte[] utf8 = subject.getBytes(StandardCharsets.UTF_8);
            List<TestSubscription> viaBoth = all(tree.match(subject, utf8));
            assertThat(viaBoth).as(subject).containsExactlyInAnyOrderElementsOf(all(tree.match(subject)));
            assertThat(all(tree.match(subject, utf8))).as("cached " + subject).isEqualTo(viaBoth);
            assertThat(matchBytes(subject)).as("bytes " + subject).isEqualTo(viaBoth);
        }
        assertThat(all(tree.match("_INBOX.abc.1"))).containsExactlyInAnyOrder(inbox, all, queue);
    }

    @Test
    void subjectsWithAnEmptyTokenMatchNothing() {
        add(">");
        add("*.*");
        for (String subject : List.of("", ".", "a.", ".a", "a..b", "a.b.")) {
            assertThat(tree.match(subject).isEmpty()).as("'%s'", subject).isTrue();
            assertThat(matchBytes(subject)).as("bytes '%s'", subject).isEmpty();
        }
        assertThat(tree.cachedEntryCount()).isZero();
    }
}
