package io.natsspring.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.AccountConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public entry to the configuration-file reader: options, warnings, and errors naming file, line and key. */
class NatsServerConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void readsOptionsWithAccountsAndVariables() throws Exception {
        Path file = write("server.conf", """
                port: 4333
                server_name: "from-file"
                accounts {
                  A { users = [ {user: a, password: $PASS} ] }
                }
                log_file: "/tmp/x.log"
                """);
        NatsServerConfigFile config = NatsServerConfigFile.read(file, Map.of("PASS", "pw")::get);
        assertThat(config.file()).isEqualTo(file);
        assertThat(config.options().port()).isEqualTo(4333);
        assertThat(config.options().serverName()).isEqualTo("from-file");
        assertThat(config.options().accounts()).extracting(AccountConfig::name).containsExactly("A");
        assertThat(config.options().accounts().get(0).users().get(0).password()).isEqualTo("pw");
        assertThat(config.warnings())
                .singleElement()
                .asString()
                .startsWith(file + ":6: ")
                .contains("log_file");
    }

    @Test
    void errorsNameFileLineAndKey() throws Exception {
        Path file = write("bad.conf", """
                port: 4222
                max_payload: -3
                """);
        assertThatThrownBy(() -> NatsServerConfigFile.read(file))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(file.toString());
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.detail()).contains("max_payload");
                    assertThat(e.getMessage()).startsWith(file + ":2: ");
                });
    }

    @Test
    void unknownSettingAndMissingFile() throws Exception {
        Path file = write("typo.conf", "prot: 4222\n");
        assertThatThrownBy(() -> NatsServerConfigFile.read(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining(":1: ")
                .hasMessageContaining("'prot'");
        assertThatThrownBy(() -> NatsServerConfigFile.read(dir.resolve("missing.conf")))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("missing.conf");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
