package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An account's {@code msg_trace} / {@code trace_dest}: the forms {@code nats-server} accepts, and its errors for bad
 * values with file and line (checked against {@code nats-server -t} when the reference binary is installed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MsgTraceBlockTest {

    @TempDir
    Path dir;

    @Test
    void readsTheForms() throws IOException {
        assertThat(trace("msg_trace: \"t.a\"")).isEqualTo(new AccountConfig.MsgTrace("t.a", 100));
        assertThat(trace("trace_dest { dest: t.b }")).isEqualTo(new AccountConfig.MsgTrace("t.b", 100));
        assertThat(trace("msg_trace { dest: t.c, sampling: 25 }")).isEqualTo(new AccountConfig.MsgTrace("t.c", 25));
        assertThat(trace("msg_trace { dest: t.d, sampling: \"50%\" }"))
                .isEqualTo(new AccountConfig.MsgTrace("t.d", 50));
    }

    @Test
    void samplingWithoutDestinationIsIgnoredWithAWarning() throws IOException {
        BrokerConfigFile f = load("msg_trace { sampling: 20 }");
        assertThat(f.warnings())
                .anySatisfy(w -> assertThat(w.message())
                        .isEqualTo("Trace destination sampling ignored since no destination was set"));
        assertThat(account(f).msgTrace()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "msg_trace: \"a.*\"|Trace destination \"a.*\" is not valid",
                "msg_trace { dest: \"a..b\" }|Trace destination \"a..b\" is not valid",
                "msg_trace { dest: t, sampling: 0 }|Ttrace destination sampling value 0 is invalid, needs to be [1..100]",
                "msg_trace { dest: t, sampling: 101 }|Ttrace destination sampling value 101 is invalid, needs to be [1..100]",
                "msg_trace { dest: t, sampling: \"x%\" }|Invalid trace destination sampling value \"x%\"",
                "msg_trace { dest: t, other: 1 }|Unknown field \"other\" parsing account message trace map/struct \"msg_trace\"",
            })
    void refusesBadValuesAsNatsServer(String block, String message) throws Exception {
        Path file = write(block);
        assertThatThrownBy(() -> BrokerConfigFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":4:")
                .hasMessageEndingWith(message);
        if (ReferenceNatsServer.available()) {
            Process p = new ProcessBuilder(ReferenceNatsServer.BINARY, "-t", "-c", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains(file + ":4:").contains(message);
        }
    }

    private AccountConfig.MsgTrace trace(String block) throws IOException {
        return account(load(block)).msgTrace();
    }

    private BrokerConfigFile load(String block) throws IOException {
        return BrokerConfigFile.load(write(block));
    }

    private static AccountConfig account(BrokerConfigFile f) {
        List<AccountConfig> accounts = f.options().accounts();
        return accounts.stream().filter(a -> a.name().equals("A")).findFirst().orElseThrow();
    }

    private Path write(String block) throws IOException {
        return Files.writeString(
                Files.createTempFile(dir, "trace", ".conf"),
                "accounts {\n  A {\n    users [ { user: a, password: a } ]\n    " + block + "\n  }\n}\n");
    }
}
