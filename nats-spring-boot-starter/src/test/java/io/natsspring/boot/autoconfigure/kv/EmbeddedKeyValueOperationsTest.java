package io.natsspring.boot.autoconfigure.kv;

import java.util.List;

/** {@link KeyValueOperationsContract} on the embedded broker. */
class EmbeddedKeyValueOperationsTest extends KeyValueOperationsContract {

    @Override
    protected List<String> serverProperties() {
        return List.of();
    }
}
