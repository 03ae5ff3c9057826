package io.natsspring.boot.docs.kv;

// tag::listener[]
import io.nats.client.api.KeyValueOperation;
import io.natsspring.kv.core.KeyValueEntry;
import io.natsspring.kv.listener.InitialValues;
import io.natsspring.kv.listener.Key;
import io.natsspring.kv.listener.KeyValueListener;
import io.natsspring.kv.listener.Revision;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
// end::listener[]

/** The watch-listener example of docs/kv.md. */
// tag::listener[]
@Component
public class FlagChanges {

    public record Flag(boolean enabled, int rolloutPercent) {}

    private final Map<String, Flag> flags = new ConcurrentHashMap<>();
    private final List<String> audit = new CopyOnWriteArrayList<>();

    /** The current flags first, then every change: a local copy kept up to date. */
    @KeyValueListener(id = "flag-cache", bucket = "flags", keys = "feature.>")
    void onFlag(Flag flag, @Key String key, KeyValueOperation operation) {
        if (operation == KeyValueOperation.PUT) {
            flags.put(key, flag);
        } else {
            flags.remove(key); // deleted or purged: flag is null
        }
    }

    /** Changes only, without deletes, as whole entries. */
    @KeyValueListener(bucket = "flags", initial = InitialValues.UPDATES_ONLY, ignoreDeletes = true)
    void onUpdate(KeyValueEntry<Flag> entry, @Revision long revision) {
        audit.add(entry.key() + "@" + revision + " -> " + entry.value());
    }
    // end::listener[]

    public Flag flag(String key) {
        return flags.get(key);
    }

    public List<String> audit() {
        return audit;
    }
    // tag::listener[]
}
// end::listener[]
