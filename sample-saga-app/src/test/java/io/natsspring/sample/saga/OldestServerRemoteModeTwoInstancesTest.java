package io.natsspring.sample.saga;

import io.natsspring.test.server.NatsServerProcess;
import java.nio.file.Path;

/**
 * {@link RemoteModeTwoInstancesTest} against the oldest installed {@code nats-server} (Debian's 2.9.10 in CI): the
 * remote-mode matrix's second column.
 */
class OldestServerRemoteModeTwoInstancesTest extends RemoteModeTwoInstancesTest {

    @Override
    Path binary() {
        return NatsServerProcess.oldestBinary();
    }
}
