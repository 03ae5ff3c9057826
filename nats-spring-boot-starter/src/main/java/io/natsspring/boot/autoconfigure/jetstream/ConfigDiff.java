package io.natsspring.boot.autoconfigure.jetstream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compares a declared JetStream configuration with the server's and builds the configuration to send: the
 * server's, with every declared field that differs replaced by the declared value. Fields left unset in the
 * declaration keep the server's value, so nothing the declaration does not mention is reset.
 *
 * @param <C> configuration type
 * @param <B> builder type
 */
final class ConfigDiff<C, B> {

    private final List<ConfigField<C, B, ?>> fields;
    private final C blank;

    ConfigDiff(List<ConfigField<C, B, ?>> fields, Supplier<C> blank) {
        this.fields = fields;
        this.blank = blank.get();
    }

    /** The fields whose declared value differs from the server's, described as {@code name: current -> desired}. */
    List<String> differences(C desired, C current) {
        List<String> out = new ArrayList<>();
        for (ConfigField<C, B, ?> field : fields) {
            if (field.differs(blank, desired, current)) {
                out.add(field.describe(desired, current));
            }
        }
        return out;
    }

    /** The server's configuration with the differing declared fields applied. */
    C merge(C desired, C current, Function<C, B> builderOf, Function<B, C> build) {
        B builder = builderOf.apply(current);
        for (ConfigField<C, B, ?> field : fields) {
            if (field.differs(blank, desired, current)) {
                field.copy(desired, builder);
            }
        }
        return build.apply(builder);
    }
}
