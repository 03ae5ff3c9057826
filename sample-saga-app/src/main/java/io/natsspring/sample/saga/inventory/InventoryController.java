package io.natsspring.sample.saga.inventory;

import io.natsspring.sample.saga.event.StockLevel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /inventory/{sku}} and {@code PUT /inventory/{sku}} (sets the stock, for demos and tests). */
@RestController
@RequestMapping("/inventory")
public class InventoryController {

    /** SKUs are Key-Value keys: letters, digits, {@code -} and {@code _}. */
    private static final String SKU = "[A-Za-z0-9_-]{1,64}";

    private final StockRepository stock;

    public InventoryController(StockRepository stock) {
        this.stock = stock;
    }

    @GetMapping("/{sku}")
    public StockLevel get(@PathVariable @Pattern(regexp = SKU) String sku) {
        return stock.available(sku).map(n -> new StockLevel(sku, n)).orElseThrow(() -> new SkuNotFoundException(sku));
    }

    @PutMapping("/{sku}")
    public StockLevel set(@PathVariable @Pattern(regexp = SKU) String sku, @Valid @RequestBody StockUpdate update) {
        stock.set(sku, update.available());
        return new StockLevel(sku, update.available());
    }
}
