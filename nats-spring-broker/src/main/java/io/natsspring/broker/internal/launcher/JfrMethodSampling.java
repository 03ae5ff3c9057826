package io.natsspring.broker.internal.launcher;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether a JFR recording that samples methods is running in this VM: such a recording makes HotSpot send its
 * suspend signal ({@link VmSuspendSignal}) to the threads it samples. Never starts JFR itself; a VM without the
 * {@code jdk.jfr} module has no recording.
 */
final class JfrMethodSampling {

    private JfrMethodSampling() {}

    /** {@code true} when a running recording has {@code jdk.ExecutionSample} or {@code jdk.NativeMethodSample} on. */
    static boolean isRunning() {
        try {
            if (!FlightRecorder.isInitialized()) {
                return false;
            }
            for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
                if (r.getState() == RecordingState.RUNNING
                        && r.getSettings().entrySet().stream()
                                .anyMatch(e -> (e.getKey().endsWith("ExecutionSample#enabled")
                                                || e.getKey().endsWith("NativeMethodSample#enabled"))
                                        && "true".equals(e.getValue()))) {
                    return true;
                }
            }
            return false;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
