package io.natsspring.boot.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NatsServerCommandTest {

    @Test
    void readsUserAndPassword() {
        NatsServerCommand command =
                NatsServerCommand.parse(new String[] {"-js", "--user", "alice", "--pass", "s3cr3t"});
        assertThat(command).isEqualTo(new NatsServerCommand("alice", "s3cr3t", null));
    }

    @Test
    void readsToken() {
        assertThat(NatsServerCommand.parse(new String[] {"--auth", "tok"}).token())
                .isEqualTo("tok");
    }

    @Test
    void acceptsSingleDashAndEqualsForms() {
        NatsServerCommand command = NatsServerCommand.parse(new String[] {"-user=bob", "--pass=a=b", "-auth", "t"});
        assertThat(command).isEqualTo(new NatsServerCommand("bob", "a=b", "t"));
    }

    @Test
    void ignoresOtherFlagsAndValues() {
        NatsServerCommand command = NatsServerCommand.parse(
                new String[] {"nats-server", "-sd", "/data", "--username", "x", "--cluster_name", "user", "-p", "4222"
                });
        assertThat(command).isEqualTo(new NatsServerCommand(null, null, null));
    }

    @Test
    void noCommandOrDanglingFlagGivesNothing() {
        assertThat(NatsServerCommand.parse(null)).isEqualTo(new NatsServerCommand(null, null, null));
        assertThat(NatsServerCommand.parse(new String[0])).isEqualTo(new NatsServerCommand(null, null, null));
        assertThat(NatsServerCommand.parse(new String[] {"--user"})).isEqualTo(new NatsServerCommand(null, null, null));
    }
}
