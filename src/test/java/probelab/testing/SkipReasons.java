package probelab.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line for every test that did not run, with its reason, so that a skip on a
 * machine without Chromium or a Debian dataset is visible in the build log rather than
 * hidden in a count.
 */
public final class SkipReasons implements TestExecutionListener {
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            print(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void print(TestIdentifier test, String reason) {
        String name = test.getLegacyReportingName();
        String where = test.getParentId().map(p -> p.replaceAll(".*\\[class:([^\\]]+)].*", "$1")).orElse("");
        where = where.substring(where.lastIndexOf('.') + 1);
        String why = reason == null ? "" : reason.replaceFirst("^Assumption failed: ", "").replaceAll("\\s+", " ");
        System.out.println("SKIPPED " + where + "." + name + ": " + why);
    }
}
