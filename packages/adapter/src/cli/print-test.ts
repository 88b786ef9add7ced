import type { TestFailure, TestResponse, TestStage } from '@smtp-settings/schema';

// The widest stage name, `envelope`, and status, `Skipped`: the columns line up.
const NAME_WIDTH = 8;
const STATUS_WIDTH = 7;

/**
 * One line of a finished stage as the browser's Test lists it: its name, OK / Failed / Skipped, how long
 * it took and what it found. A failed stage leaves out what the verdict says anyway (`failure`).
 */
export function stageLine(stage: TestStage, failure?: TestFailure): string {
  const status = stage.skipped ? 'Skipped' : stage.ok ? 'OK' : 'Failed';
  const detail = stage.ok || stage.detail !== failure?.message ? stage.detail : '';
  const ms = `${stage.ms} ms`.padStart(8);
  return `  ${stage.name.padEnd(NAME_WIDTH)}  ${status.padEnd(STATUS_WIDTH)}${ms}  ${detail}`.trimEnd();
}

/** A classified failure as the browser shows it: its code under `heading`, what happened, the server's reply and the hint. */
export function failureLines(heading: string, failure: TestFailure): string[] {
  return [
    `${heading}: ${failure.code}`,
    `  ${failure.message}`,
    ...(failure.serverReply ? [`  Server reply: ${failure.serverReply}`] : []),
    `  Hint: ${failure.hint}`,
  ];
}

/** The verdict under the stages: the failure, or that it works; then the warnings. */
export function verdictLines(result: TestResponse): string[] {
  const { error } = result;
  const lines = error ? failureLines(`The test failed at ${error.stage}`, error) : ['The connection works.'];
  return [...lines, ...result.warnings.map((warning) => `Warning: ${warning.message}`)];
}

/**
 * Prints a running Test as the browser shows it: each passed stage as soon as it finishes, a failed one
 * with the verdict (its detail then depends on the failure), and the verdict last.
 */
export function createTestPrinter(out: (line: string) => void) {
  let failed: TestStage | undefined;
  return {
    /** Takes a stage as it finishes. */
    stage(stage: TestStage): void {
      if (stage.ok) out(stageLine(stage));
      else failed = stage;
    },
    /** Takes the Test's answer once it ended. */
    result(result: TestResponse): void {
      if (failed) out(stageLine(failed, result.error));
      for (const line of verdictLines(result)) out(line);
    },
  };
}
