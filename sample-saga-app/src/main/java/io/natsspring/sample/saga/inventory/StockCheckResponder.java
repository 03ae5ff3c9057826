package io.natsspring.sample.saga.inventory;

import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.listener.NatsServiceException;
import io.natsspring.sample.saga.event.SagaSubjects;
import io.natsspring.sample.saga.event.StockLevel;
import org.springframework.stereotype.Component;

/**
 * Answers {@code inventory.check} requests (payload: a SKU) with the SKU's {@link StockLevel}, or a 404 service
 * error for an unknown SKU. The queue group makes one instance answer each request.
 */
@Component
public class StockCheckResponder {

    private final StockRepository stock;

    public StockCheckResponder(StockRepository stock) {
        this.stock = stock;
    }

    @NatsListener(
            subject = SagaSubjects.INVENTORY_CHECK,
            queue = "inventory-service",
            concurrency = "${saga.listener.concurrency}")
    public StockLevel check(String sku) {
        return stock.available(sku.trim())
                .map(available -> new StockLevel(sku.trim(), available))
                .orElseThrow(() -> new NatsServiceException(404, "unknown SKU " + sku.trim()));
    }
}
