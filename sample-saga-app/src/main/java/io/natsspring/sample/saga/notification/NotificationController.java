package io.natsspring.sample.saga.notification;

import io.natsspring.sample.saga.event.NotificationSent;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /notifications}: the notifications this instance sent, newest first. */
@RestController
public class NotificationController {

    private final NotificationOutbox outbox;

    public NotificationController(NotificationOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/notifications")
    public List<NotificationSent> recent() {
        return outbox.recent();
    }
}
