package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HotSpot's reading of {@code _JAVA_SR_SIGNUM}: a number in [12, 64], else {@code SIGUSR2} (12). */
class VmSuspendSignalTest {

    @ParameterizedTest(name = "_JAVA_SR_SIGNUM={0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "39|39",
                "12|12",
                "64|64",
                "65|12",
                "11|12",
                "5|12",
                "-39|12",
                "abc|12",
                "''|12",
                "40x|40",
                "' 41'|41"
            })
    void readsTheVariableAsHotSpotDoes(String value, int number) {
        assertThat(VmSuspendSignal.number(Map.of("_JAVA_SR_SIGNUM", value))).isEqualTo(number);
        assertThat(VmSuspendSignal.isUsr2(Map.of("_JAVA_SR_SIGNUM", value))).isEqualTo(number == 12);
    }

    @Test
    void unsetIsSigusr2() {
        assertThat(VmSuspendSignal.number(Map.of())).isEqualTo(VmSuspendSignal.SIGUSR2);
    }
}
