import type { TestStage, TestStageName } from '@smtp-settings/schema';
import { englishText } from '../../failures/server-text.js';
import { classifyError } from '../classify-error.js';
import type { StepDetail, StepOutcome } from './probe-context.js';

/**
 * Times each step, classifies its failure, and reports every finished step in order, both in
 * `stages` and through the `onStage` callback.
 *
 * @example
 * const recorder = new StageRecorder(587, onStage);
 * const addresses = await recorder.run('dns', () => resolveStep(context));
 */
export class StageRecorder {
  /** The finished steps, in order. */
  readonly stages: TestStage[] = [];
  readonly #port: number;
  readonly #onStage: ((stage: TestStage) => void) | undefined;

  /** `port` is the one under test, which hints about the connection security name. */
  constructor(port: number, onStage?: (stage: TestStage) => void) {
    this.#port = port;
    this.#onStage = onStage;
  }

  /**
   * Runs one step; a failure is recorded under the stage the `SmtpFailure` names and thrown as one,
   * knowing the port and how long the step took (`elapsedMs`), so a timeout says both its limit and that.
   */
  async run<T>(name: TestStageName, step: () => Promise<StepOutcome<T>>): Promise<T> {
    const started = performance.now();
    try {
      const { value, detail, skipped } = await step();
      this.#record({ name, ok: true, ms: elapsed(started), ...written(detail), ...(skipped && { skipped }) });
      return value;
    } catch (error) {
      const ms = elapsed(started);
      const failure = classifyError(error, name).withParams({ port: this.#port, elapsedMs: ms });
      const { messageKey: key, params } = failure;
      this.#record({ name: failure.stage, ok: false, ms, ...written({ key, params }) });
      throw failure;
    }
  }

  /** Records a step that had nothing to do, as passed and marked skipped. */
  skip(name: TestStageName, detail: StepDetail): void {
    this.#record({ name, ok: true, ms: 0, ...written(detail), skipped: true });
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

function written({ key, params }: StepDetail): Pick<TestStage, 'detail' | 'detailKey' | 'params'> {
  const some = params !== undefined && Object.keys(params).length > 0;
  return { detail: englishText(key, params), detailKey: key, ...(some && { params }) };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
