package io.natsspring.boot.docs.kv;

// tag::snippet[]
import io.natsspring.kv.lock.KeyValueLockRegistry;
import java.util.concurrent.locks.Lock;
import org.springframework.stereotype.Component;

@Component
public class NightlyReport {

    private final KeyValueLockRegistry locks;

    public NightlyReport(KeyValueLockRegistry locks) {
        this.locks = locks;
    }

    /** Runs in one instance at a time; the others skip this round. */
    public boolean runIfFree() {
        Lock lock = locks.obtain("reports.nightly"); // key "reports.nightly" of bucket nats.lock.bucket
        if (!lock.tryLock()) {
            return false; // another instance holds it
        }
        try {
            produce();
            return true;
        } finally {
            lock.unlock(); // throws KeyValueLeaseLostException if the lease was lost meanwhile
        }
    }

    private void produce() {
        // ...
    }
}
// end::snippet[]
