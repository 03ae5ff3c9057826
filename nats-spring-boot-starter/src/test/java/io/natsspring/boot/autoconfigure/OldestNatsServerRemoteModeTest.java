package io.natsspring.boot.autoconfigure;

import io.natsspring.test.server.NatsServerProcess;
import java.nio.file.Path;

/**
 * {@link NatsServerRemoteModeTest} against the oldest installed {@code nats-server} (Debian's 2.9.10 in CI): the
 * remote-mode matrix's second column.
 */
class OldestNatsServerRemoteModeTest extends NatsServerRemoteModeTest {

    @Override
    Path binary() {
        return NatsServerProcess.oldestBinary();
    }
}
