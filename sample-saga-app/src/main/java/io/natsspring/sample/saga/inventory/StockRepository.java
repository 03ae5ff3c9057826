package io.natsspring.sample.saga.inventory;

import io.natsspring.kv.core.KeyValueEntry;
import io.natsspring.kv.core.KeyValueKeyExistsException;
import io.natsspring.kv.core.KeyValueOperations;
import io.natsspring.kv.core.KeyValueTemplates;
import io.natsspring.kv.core.KeyValueWrongRevisionException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

/**
 * Stock levels in the Key-Value bucket {@code inventory}, keyed by SKU. Taking stock is a compare-and-set on the
 * entry's revision: of two reservations that read the same level, the second write fails and reads again, so the
 * stock never goes below zero however many instances and threads reserve at once.
 */
@Repository
public class StockRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "inventory";

    private final KeyValueOperations<Stock> stock;

    /** The repository of the bucket, values read and written as JSON by the application's converter. */
    @Autowired
    public StockRepository(KeyValueTemplates templates) {
        this(templates.forBucket(BUCKET, Stock.class));
    }

    /** The repository over {@code stock} (tests). */
    protected StockRepository(KeyValueOperations<Stock> stock) {
        this.stock = stock;
    }

    /** Units available; empty for an unknown SKU. */
    public Optional<Integer> available(String sku) {
        return stock.get(sku).map(Stock::available);
    }

    public void set(String sku, int available) {
        stock.put(sku, new Stock(available));
    }

    /** Creates the SKU with {@code available} units unless it exists; {@code false} when it did. */
    public boolean createIfAbsent(String sku, int available) {
        try {
            stock.create(sku, new Stock(available));
            return true;
        } catch (KeyValueKeyExistsException exists) {
            return false;
        }
    }

    /** Takes {@code quantity} units if that many are available; {@code false} (nothing taken) otherwise. */
    public boolean take(String sku, int quantity) {
        while (true) {
            Optional<KeyValueEntry<Stock>> current = stock.getEntry(sku);
            if (current.isEmpty() || current.get().value().available() < quantity) {
                return false;
            }
            Stock after = new Stock(current.get().value().available() - quantity);
            try {
                stock.update(sku, after, current.get().revision());
                return true;
            } catch (KeyValueWrongRevisionException someoneWasFaster) {
                // read again
            }
        }
    }

    /** Puts {@code quantity} units back (a reservation undone). */
    public void giveBack(String sku, int quantity) {
        while (true) {
            Optional<KeyValueEntry<Stock>> current = stock.getEntry(sku);
            if (current.isEmpty()) {
                return;
            }
            Stock after = new Stock(current.get().value().available() + quantity);
            try {
                stock.update(sku, after, current.get().revision());
                return;
            } catch (KeyValueWrongRevisionException someoneWasFaster) {
                // read again
            }
        }
    }
}
