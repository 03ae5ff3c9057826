package io.natsspring.broker.internal.jetstream.stream;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** Where a stream keeps its messages. */
@JsonDeserialize(using = StorageType.Json.class)
public enum StorageType {
    FILE("file"),
    MEMORY("memory");

    private final String json;

    StorageType(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** The type named {@code json}, or {@code null} if there is none. */
    public static StorageType of(String json) {
        for (StorageType t : values()) {
            if (t.json.equals(json)) {
                return t;
            }
        }
        return null;
    }

    /** Reads the JSON name strictly, as the server does. */
    static final class Json extends GoEnumDeserializer<StorageType> {
        Json() {
            super(StorageType.class, StorageType::of);
        }
    }

    /** Writes an unset storage type as {@code file}, the server's default. */
    static final class UnsetIsFile extends ValueSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(FILE.json());
        }
    }
}
