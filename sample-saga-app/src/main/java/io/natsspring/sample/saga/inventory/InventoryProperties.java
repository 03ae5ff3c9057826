package io.natsspring.sample.saga.inventory;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Stock the inventory starts with ({@code saga.inventory.*}). Seeding never overwrites a SKU that already has stock,
 * so restarts and further instances keep the current levels.
 *
 * @param seedSkus     SKUs created at startup
 * @param seedQuantity units each of them starts with
 */
@ConfigurationProperties("saga.inventory")
public record InventoryProperties(List<String> seedSkus, Integer seedQuantity) {

    public InventoryProperties {
        seedSkus = seedSkus == null ? List.of("SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-5") : List.copyOf(seedSkus);
        seedQuantity = seedQuantity == null ? 100 : seedQuantity;
    }
}
