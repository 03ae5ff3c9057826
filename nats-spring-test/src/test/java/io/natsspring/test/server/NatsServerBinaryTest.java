package io.natsspring.test.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsServerBinaryTest {

    @Test
    void picksTheNewestVersionNumerically(@TempDir Path root) throws IOException {
        for (String version : new String[] {"2.9.10", "2.15.1", "2.10.18", "2.2.0"}) {
            binary(root, version, true);
        }
        binary(root, "9.9.9", false); // not executable: ignored
        assertThat(NatsServerBinary.newestUnder(root)).contains(root.resolve("2.15.1/usr/sbin/nats-server"));
    }

    @Test
    void nothingUnderAMissingOrEmptyRoot(@TempDir Path root) {
        assertThat(NatsServerBinary.newestUnder(root)).isEmpty();
        assertThat(NatsServerBinary.newestUnder(root.resolve("absent"))).isEmpty();
    }

    @Test
    void versionKeysCompareByNumber() {
        assertThat(NatsServerBinary.versionKey("2.10.18")).containsExactly(2, 10, 18);
        assertThat(NatsServerBinary.versionKey("2.12.0-rc.1")).containsExactly(2, 12, 0, 0, 1);
    }

    private static void binary(Path root, String version, boolean executable) throws IOException {
        Path file = root.resolve(version).resolve("usr/sbin/nats-server");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }
}
