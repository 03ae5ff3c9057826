package io.natsspring.boot.docs.kvconfig;

// tag::snippet[]
import io.natsspring.boot.kvconfig.NatsKeyValueConfigChangedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

@Component
public class ShippingConfigAudit {

    private final ShippingSettings settings;
    private final List<String> log = new CopyOnWriteArrayList<>();

    public ShippingConfigAudit(ShippingSettings settings) {
        this.settings = settings;
    }

    @EventListener
    public void onChange(NatsKeyValueConfigChangedEvent event) {
        // published after the @ConfigurationProperties beans were re-bound: settings already has the new values
        log.add(event.getBucket() + " " + event.getPropertyNames() + " -> free above " + settings.getFreeAbove());
    }

    public List<String> log() {
        return log;
    }
}
// end::snippet[]
