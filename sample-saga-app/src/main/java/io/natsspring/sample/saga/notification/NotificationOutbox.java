package io.natsspring.sample.saga.notification;

import io.natsspring.sample.saga.event.NotificationSent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The notifications this instance sent, newest last, at most {@value #CAPACITY}; one per order. In memory: each
 * instance shows its own, and a restart forgets them.
 */
@Component
public class NotificationOutbox {

    static final int CAPACITY = 1000;

    private final Map<String, NotificationSent> byOrder = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NotificationSent> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Adds the notification; {@code false} when the order was notified already. */
    public synchronized boolean add(NotificationSent notification) {
        return byOrder.putIfAbsent(notification.orderId(), notification) == null;
    }

    /** The notifications, newest first. */
    public synchronized List<NotificationSent> recent() {
        List<NotificationSent> all = new ArrayList<>(byOrder.values());
        Collections.reverse(all);
        return all;
    }
}
