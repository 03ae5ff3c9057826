package io.natsspring.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {

    @Test
    void cpuTicksAreUtimePlusStimeEvenWhenTheCommandHoldsParenthesesAndSpaces() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1234 0 0 0 150 25 0 0 20 0 30 0 100 0 0";
        assertThat(ProcFs.cpuTicksOfStatLine(stat)).isEqualTo(175);
    }

    @Test
    void busyTicksCountUserNiceSystemIrqSoftirqStealButNotIdleOrIowait() {
        assertThat(ProcFs.busyTicksOfCpuLine("cpu  100 2 30 5000 70 4 5 6 0 0")).isEqualTo(100 + 2 + 30 + 4 + 5 + 6);
        assertThat(ProcFs.busyTicksOfCpuLine("cpu0 1 2 3 4 5 6 7 8")).isEqualTo(-1);
    }

    @Test
    void readsResidentSetFromStatusAndReportsMissingProcessesAsMinusOne(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("77"));
        Files.writeString(root.resolve("77/status"), "Name:\tnats-server\nVmHWM:\t   23536 kB\nVmRSS:\t   11592 kB\n");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.residentKb("77")).isEqualTo(11592);
        assertThat(proc.peakResidentKb("77")).isEqualTo(23536);
        assertThat(proc.residentKb("78")).isEqualTo(-1);
        assertThat(proc.processCpuTicks("78")).isEqualTo(-1);
    }
}
