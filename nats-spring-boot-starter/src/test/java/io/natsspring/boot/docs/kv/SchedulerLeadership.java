package io.natsspring.boot.docs.kv;

// tag::snippet[]
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.event.EventListener;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;
import org.springframework.stereotype.Component;

@Component
public class SchedulerLeadership {

    private final AtomicBoolean leading = new AtomicBoolean();

    @EventListener
    public void granted(OnGrantedEvent event) { // role nats.lock.leader-role is ours
        leading.set(true);
    }

    @EventListener
    public void revoked(OnRevokedEvent event) { // stopped, yielded, or the lease could not be renewed
        leading.set(false);
    }

    public boolean isLeading() {
        return leading.get();
    }
}
// end::snippet[]
