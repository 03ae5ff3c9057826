package io.natsspring.benchmarks;

import io.natsspring.benchmarks.measure.ClockTicks;
import io.natsspring.benchmarks.measure.ProcFs;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.report.ResultLine;
import io.natsspring.benchmarks.scenario.Scenario;
import io.natsspring.benchmarks.scenario.ScenarioContext;
import io.natsspring.benchmarks.scenario.UnsupportedScenarioException;
import io.natsspring.benchmarks.verify.VerificationException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the plan: for each scenario and size, {@code rounds} rounds, each round running every target in turn.
 * Prints one result line per run to {@code out} and diagnostics to {@code err}; a failed run never stops the plan.
 */
final class BenchRunner {

    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<Target, ResourceMeter> meters = new LinkedHashMap<>();
    private int runCounter;

    BenchRunner(BenchOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
        ProcFs proc = ProcFs.system();
        long nanosPerTick = ClockTicks.nanosPerTick();
        int cpus = Runtime.getRuntime().availableProcessors();
        for (Target t : options.targets()) {
            List<String> others = options.targets().stream()
                    .filter(o -> o != t)
                    .map(Target::serverPid)
                    .filter(Objects::nonNull)
                    .toList();
            meters.put(t, new ResourceMeter(proc, t.serverPid(), others, nanosPerTick, cpus));
        }
    }

    /** Runs everything; returns the worst status seen. */
    RunStatus runAll() throws InterruptedException {
        RunStatus worst = RunStatus.OK;
        for (Scenario scenario : options.scenarios()) {
            for (int size : options.sizesFor(scenario)) {
                for (int round = 1; round <= options.rounds(); round++) {
                    for (Target target : options.targets()) {
                        RunStatus status = runOne(scenario, target, round, size);
                        worst = status.compareTo(worst) > 0 ? status : worst;
                        Thread.sleep(options.pauseMillis());
                    }
                }
            }
        }
        return worst;
    }

    private RunStatus runOne(Scenario scenario, Target target, int round, int size) {
        String runId = "r" + (++runCounter) + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        ResultLine line;
        RunStatus status;
        try (ScenarioContext context = new ScenarioContext(
                target.url(), meters.get(target), options.warmup(), options.measure(), options.asyncWindow(), runId)) {
            line = ResultLines.measured(scenario, target, round, scenario.run(context, size));
            status = RunStatus.OK;
        } catch (UnsupportedScenarioException e) {
            status = RunStatus.UNSUPPORTED;
            line = ResultLines.notMeasured(scenario, target, round, size, status, e.getMessage());
        } catch (VerificationException e) {
            status = RunStatus.VIOLATION;
            line = ResultLines.notMeasured(scenario, target, round, size, status, e.getMessage());
            err.println("VIOLATION " + scenario.name() + " size=" + size + " target=" + target.label() + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = RunStatus.ERROR;
            line = ResultLines.notMeasured(scenario, target, round, size, status, "interrupted");
        } catch (Exception e) {
            status = RunStatus.ERROR;
            line = ResultLines.notMeasured(scenario, target, round, size, status, String.valueOf(e));
            err.println("ERROR " + scenario.name() + " size=" + size + " target=" + target.label() + ":");
            e.printStackTrace(err);
        }
        out.println(line);
        out.flush();
        return status;
    }
}
