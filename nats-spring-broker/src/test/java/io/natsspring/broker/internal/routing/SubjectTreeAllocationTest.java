package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte-based match must not allocate when its result is cached. */
class SubjectTreeAllocationTest {

    @Test
    void cachedByteMatchDoesNotAllocate() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeThat(mx).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) mx;
        assumeThat(allocations.isThreadAllocatedMemorySupported()).isTrue();
        allocations.setThreadAllocatedMemoryEnabled(true);

        SubjectTree<TestSubscription> tree = new SubjectTree<>();
        tree.insert(TestSubscription.plain("svc.*.req"));
        tree.insert(TestSubscription.queued("svc.>", "q"));
        byte[][] subjects = new byte[8][];
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] = ("svc." + i + ".req").getBytes(StandardCharsets.US_ASCII);
            tree.match(subjects[i], 0, subjects[i].length);
        }

        long thread = Thread.currentThread().getId();
        long before = allocations.getThreadAllocatedBytes(thread);
        long found = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] s = subjects[i & 7];
            found += tree.match(s, 0, s.length).plainCount();
        }
        long allocated = allocations.getThreadAllocatedBytes(thread) - before;

        assertThat(found).isEqualTo(20_000);
        // Allocating even one small object per call would amount to hundreds of kilobytes.
        assertThat(allocated).isLessThan(4096);
    }
}
