import type { TestStage, TestStageName } from '@smtp-settings/schema';
import { classifyError } from '../classify-error.js';
import type { StepOutcome } from './probe-context.js';

/**
 * Times each step, classifies its failure, and reports every finished step in order, both in
 * `stages` and through the `onStage` callback.
 *
 * @example
 * const recorder = new StageRecorder(onStage);
 * const addresses = await recorder.run('dns', () => resolveStep(context));
 */
export class StageRecorder {
  /** The finished steps, in order. */
  readonly stages: TestStage[] = [];
  readonly #onStage: ((stage: TestStage) => void) | undefined;

  constructor(onStage?: (stage: TestStage) => void) {
    this.#onStage = onStage;
  }

  /** Runs one step; a failure is recorded under the stage the `SmtpFailure` names and thrown as one. */
  async run<T>(name: TestStageName, step: () => Promise<StepOutcome<T>>): Promise<T> {
    const started = performance.now();
    try {
      const { value, detail } = await step();
      this.#record({ name, ok: true, ms: elapsed(started), detail });
      return value;
    } catch (error) {
      const failure = classifyError(error, name);
      this.#record({ name: failure.stage, ok: false, ms: elapsed(started), detail: failure.message });
      throw failure;
    }
  }

  /** Records a step that had nothing to do, as passed and marked skipped. */
  skip(name: TestStageName, detail: string): void {
    this.#record({ name, ok: true, ms: 0, detail, skipped: true });
  }

  #record(stage: TestStage): void {
    this.stages.push(stage);
    try {
      this.#onStage?.(stage);
    } catch {
      // A listener that fails (a closed event stream, say) must not turn into a failed mail server test.
    }
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
