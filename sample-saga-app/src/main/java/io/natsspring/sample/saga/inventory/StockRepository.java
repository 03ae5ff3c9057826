package io.natsspring.sample.saga.inventory;

import io.nats.client.KeyValue;
import io.natsspring.sample.saga.kv.JsonBucket;
import io.natsspring.sample.saga.kv.Versioned;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stock levels in the Key-Value bucket {@code inventory}, keyed by SKU. Taking stock is a compare-and-set on the
 * entry's revision: of two reservations that read the same level, the second write fails and reads again, so the
 * stock never goes below zero however many instances and threads reserve at once.
 */
@Repository
public class StockRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "inventory";

    private final JsonBucket<Stock> stock;

    public StockRepository(@Qualifier(BUCKET) KeyValue bucket, JsonMapper json) {
        this.stock = new JsonBucket<>(bucket, json, Stock.class);
    }

    /** Units available; empty for an unknown SKU. */
    public Optional<Integer> available(String sku) {
        return stock.find(sku).map(Stock::available);
    }

    public void set(String sku, int available) {
        stock.put(sku, new Stock(available));
    }

    /** Creates the SKU with {@code available} units unless it exists; {@code false} when it did. */
    public boolean createIfAbsent(String sku, int available) {
        return stock.create(sku, new Stock(available));
    }

    /** Takes {@code quantity} units if that many are available; {@code false} (nothing taken) otherwise. */
    public boolean take(String sku, int quantity) {
        while (true) {
            Optional<Versioned<Stock>> current = stock.get(sku);
            if (current.isEmpty() || current.get().value().available() < quantity) {
                return false;
            }
            Stock after = new Stock(current.get().value().available() - quantity);
            if (stock.compareAndSet(sku, after, current.get().revision())) {
                return true;
            }
        }
    }

    /** Puts {@code quantity} units back (a reservation undone). */
    public void giveBack(String sku, int quantity) {
        stock.update(sku, s -> new Stock(s.available() + quantity));
    }
}
