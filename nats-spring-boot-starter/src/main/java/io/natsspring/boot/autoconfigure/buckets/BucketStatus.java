package io.natsspring.boot.autoconfigure.buckets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one Key-Value bucket or Object Store as the server reports it.
 *
 * @param kind {@link #KEY_VALUE} or {@link #OBJECT_STORE}
 * @param present whether the bucket exists; when false only {@code error} may be set
 * @param entries Key-Value: values kept (all revisions of all keys); Object Store: objects (deleted ones excluded)
 * @param bytes bytes stored by the backing stream
 * @param history Key-Value: revisions kept per key; null for an Object Store
 * @param ttl how long entries live, null for ever
 * @param watchers consumers on the backing stream (the watches of every client), or null when unknown
 * @param sealed Object Store: whether it is sealed; null for Key-Value
 * @param error why the status could not be read, when it could not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BucketStatus(
        String kind,
        String name,
        boolean present,
        Long entries,
        Long bytes,
        Long history,
        Duration ttl,
        Long watchers,
        String storage,
        Integer replicas,
        Boolean sealed,
        String error) {

    /** Kind of a Key-Value bucket. */
    public static final String KEY_VALUE = "key-value";

    /** Kind of an Object Store bucket. */
    public static final String OBJECT_STORE = "object-store";

    /** A bucket the server does not know. */
    static BucketStatus missing(String kind, String name) {
        return new BucketStatus(kind, name, false, null, null, null, null, null, null, null, null, null);
    }

    /** A bucket whose status could not be read. */
    static BucketStatus failed(String kind, String name, String error) {
        return new BucketStatus(kind, name, false, null, null, null, null, null, null, null, null, error);
    }

    /** The non-null fields, for health details. */
    public Map<String, Object> toDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("present", present);
        putIfSet(details, "entries", entries);
        putIfSet(details, "bytes", bytes);
        putIfSet(details, "history", history);
        putIfSet(details, "ttl", ttl != null ? ttl.toString() : null);
        putIfSet(details, "watchers", watchers);
        putIfSet(details, "storage", storage);
        putIfSet(details, "replicas", replicas);
        putIfSet(details, "sealed", sealed);
        putIfSet(details, "error", error);
        return details;
    }

    private static void putIfSet(Map<String, Object> details, String name, Object value) {
        if (value != null) {
            details.put(name, value);
        }
    }
}
