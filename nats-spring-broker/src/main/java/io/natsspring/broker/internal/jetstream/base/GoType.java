package io.natsspring.broker.internal.jetstream.base;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Go type {@code nats-server} declares for a JSON field or a nested object (e.g. {@code "server.Placement"}),
 * used only to word decoding errors exactly as Go's {@code encoding/json} does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface GoType {

    /** The Go type's name as {@code encoding/json} prints it. */
    String value();
}
