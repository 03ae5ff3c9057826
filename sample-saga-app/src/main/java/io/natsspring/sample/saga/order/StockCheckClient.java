package io.natsspring.sample.saga.order;

import io.natsspring.boot.template.NatsServiceErrorException;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.boot.template.NatsTemplateException;
import io.natsspring.sample.saga.event.SagaSubjects;
import io.natsspring.sample.saga.event.StockLevel;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the inventory service, by request/reply on {@code inventory.check}, whether it knows a SKU, so that an order
 * for a product that does not exist is refused at once with a 400 instead of failing later in the saga. Stock levels
 * are not checked here: reserving is the inventory's job, and the saga handles a shortage.
 */
@Component
public class StockCheckClient {

    private static final Log log = LogFactory.getLog(StockCheckClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final NatsTemplate nats;

    public StockCheckClient(NatsTemplate nats) {
        this.nats = nats;
    }

    /**
     * Whether the inventory answered that it does not know {@code sku}. When it cannot answer (no instance is up,
     * timeout) the order is let through: the reservation will fail and cancel it.
     */
    public boolean isUnknown(String sku) {
        try {
            nats.request(SagaSubjects.INVENTORY_CHECK, sku, StockLevel.class, TIMEOUT);
            return false;
        } catch (NatsServiceErrorException e) {
            if (e.getCode() == 404) {
                return true;
            }
            log.warn("Stock check of " + sku + " failed, accepting the order: " + e.getMessage());
            return false;
        } catch (NatsTemplateException e) {
            log.warn("Stock check of " + sku + " got no answer, accepting the order: " + e.getMessage());
            return false;
        }
    }
}
