import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { initialState, Task, TaskStatus } from './task.js';

/** A host that keeps its controllers and counts the updates it was asked for. */
function host(): ReactiveControllerHost & { updates: number; controllers: ReactiveController[] } {
  const counted = { updates: 0, controllers: [] as ReactiveController[] } as ReactiveControllerHost & {
    updates: number;
    controllers: ReactiveController[];
  };
  counted.addController = (controller) => counted.controllers.push(controller);
  counted.requestUpdate = () => {
    counted.updates += 1;
  };
  return counted;
}

/** A job whose runs settle when the test says, each with the signal it was given. */
function deferredJob() {
  const runs: Array<{
    args: readonly [string];
    signal: AbortSignal;
    settle: (value: string | Error) => void;
  }> = [];
  const task = (args: readonly [string], { signal }: { signal: AbortSignal }) =>
    new Promise<string>((resolve, reject) =>
      runs.push({
        args,
        signal,
        settle: (value) => (value instanceof Error ? reject(value) : resolve(value)),
      }),
    );
  return { task, runs };
}

describe('Task', () => {
  it('runs when its args change before an update, and only the latest run settles it', async () => {
    const element = host();
    const { task, runs } = deferredJob();
    let arg = 'a';
    const completed: string[] = [];
    const job = new Task(element, { task, args: () => [arg] as const, onComplete: (v) => completed.push(v) });
    expect(element.controllers).to.deep.equal([job]);

    job.hostUpdate();
    job.hostUpdate();
    expect(runs.map((run) => run.args[0])).to.deep.equal(['a']);
    expect(job.status).to.equal(TaskStatus.PENDING);

    arg = 'b';
    job.hostUpdate();
    // The newer run aborts the pending one, whose outcome, when it comes, changes nothing.
    expect(runs[0]?.signal.aborted).to.equal(true);
    runs[1]?.settle('second');
    runs[0]?.settle('first');
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve));
    expect(job.status).to.equal(TaskStatus.COMPLETE);
    expect(job.value).to.equal('second');
    expect(completed).to.deep.equal(['second']);
    expect(job.render({ complete: (value) => `done: ${value}` })).to.equal('done: second');
  });

  it('runs only when asked with autoRun false, reports an error, aborts and goes back to initial', async () => {
    const element = host();
    const { task, runs } = deferredJob();
    const errors: unknown[] = [];
    const job = new Task(element, {
      autoRun: false,
      task,
      args: (): readonly [string] => ['x'],
      onError: (e) => errors.push(e),
    });
    job.hostUpdate();
    expect(runs).to.have.length(0);

    const failing = job.run(['y']);
    job.abort('stop');
    expect(runs[0]?.signal.reason).to.equal('stop');
    const refused = new Error('refused');
    runs[0]?.settle(refused);
    await failing;
    expect(job.status).to.equal(TaskStatus.ERROR);
    expect(job.error).to.equal(refused);
    expect(errors).to.deep.equal([refused]);
    expect(job.render({ error: (error) => (error as Error).message })).to.equal('refused');

    const nothing = new Task(element, { task: () => initialState, args: () => [1] as const });
    await nothing.run();
    expect(nothing.status).to.equal(TaskStatus.INITIAL);
    expect(nothing.render({ initial: () => 'nothing yet' })).to.equal('nothing yet');
  });
});
