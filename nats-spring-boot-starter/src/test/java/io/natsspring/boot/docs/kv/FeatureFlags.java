package io.natsspring.boot.docs.kv;

// tag::snippet[]
import io.natsspring.kv.core.KeyValueEntry;
import io.natsspring.kv.core.KeyValueKeyExistsException;
import io.natsspring.kv.core.KeyValueOperations;
import io.natsspring.kv.core.KeyValueTemplates;
import io.natsspring.kv.core.KeyValueWatch;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

@Service
public class FeatureFlags implements AutoCloseable {

    public record Flag(boolean enabled, int rolloutPercent) {}

    private final KeyValueOperations<Flag> flags;
    private final Map<String, Flag> live = new ConcurrentHashMap<>();
    private final KeyValueWatch watch;

    public FeatureFlags(KeyValueTemplates templates) {
        // "flags" is declared under nats.jetstream.key-value, so it exists when this constructor runs
        this.flags = templates.forBucket("flags", Flag.class);
        this.watch = flags.watch("feature.>", entry -> {
            if (entry.isPut()) {
                live.put(entry.key(), entry.value());
            } else {
                live.remove(entry.key()); // deleted or purged: value() is null
            }
        });
    }

    public void enable(String feature, int percent) {
        flags.put("feature." + feature, new Flag(true, percent)); // stored as JSON
    }

    public boolean addIfAbsent(String feature) {
        try {
            flags.create("feature." + feature, new Flag(false, 0));
            return true;
        } catch (KeyValueKeyExistsException ex) {
            return false;
        }
    }

    public Flag widenRollout(String feature) {
        // read, change, write only if unchanged since the read; retried on a conflict
        return flags.update("feature." + feature, f -> new Flag(f.enabled(), Math.min(100, f.rolloutPercent() + 10)));
    }

    public Optional<KeyValueEntry<Flag>> current(String feature) {
        return flags.getEntry("feature." + feature); // value, revision, created, operation
    }

    public Optional<Flag> cached(String feature) {
        return Optional.ofNullable(live.get("feature." + feature)); // kept up to date by the watch
    }

    @Override
    public void close() {
        watch.close();
    }
}
// end::snippet[]
