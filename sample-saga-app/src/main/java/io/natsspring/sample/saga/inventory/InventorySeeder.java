package io.natsspring.sample.saga.inventory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Creates the configured SKUs at startup, leaving those that exist alone. */
@Component
public class InventorySeeder implements ApplicationRunner {

    private static final Log log = LogFactory.getLog(InventorySeeder.class);

    private final StockRepository stock;
    private final InventoryProperties properties;

    public InventorySeeder(StockRepository stock, InventoryProperties properties) {
        this.stock = stock;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String sku : properties.seedSkus()) {
            if (stock.createIfAbsent(sku, properties.seedQuantity())) {
                log.info("Seeded " + sku + " with " + properties.seedQuantity() + " units");
            }
        }
    }
}
