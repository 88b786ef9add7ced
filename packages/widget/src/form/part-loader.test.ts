import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { type PartImport, PartLoader } from './part-loader.js';

let parts = 0;

/** A tag no test has defined yet, since a page cannot undefine one. */
function freshTag(): string {
  parts += 1;
  return `part-loader-test-${parts}`;
}

/** A host that counts the updates it was asked for. */
function host(): ReactiveControllerHost & { updates: number } {
  const counted = { updates: 0 } as ReactiveControllerHost & { updates: number };
  counted.requestUpdate = () => {
    counted.updates += 1;
  };
  return counted;
}

/** An import that resolves or rejects when the test says, counting how often it was asked. */
function deferredImport() {
  const calls: Array<{ resolve: (part: CustomElementConstructor) => void; reject: (error: Error) => void }> =
    [];
  const load: PartImport = () => new Promise((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

describe('PartLoader', () => {
  it('loads a part once, defines it and updates the host, and settle() waits for it', async () => {
    const tag = freshTag();
    const updating = host();
    const errors: unknown[] = [];
    const loader = new PartLoader(updating, (error) => errors.push(error));
    const { load, calls } = deferredImport();

    expect(loader.has(tag, load)).to.equal(false);
    expect(loader.has(tag, load)).to.equal(false);
    expect(calls).to.have.length(1);
    const settled = loader.settle();
    calls[0]?.resolve(class extends HTMLElement {});
    expect(await settled).to.equal(true);

    expect(customElements.get(tag)).to.not.equal(undefined);
    expect(updating.updates).to.equal(1);
    expect(loader.has(tag, load)).to.equal(true);
    expect(await loader.settle()).to.equal(false);
    expect(calls).to.have.length(1);
    expect(errors).to.deep.equal([]);
  });

  it('reports a part that cannot be loaded once, and asks again only after retry()', async () => {
    const tag = freshTag();
    const updating = host();
    const errors: unknown[] = [];
    const loader = new PartLoader(updating, (error) => errors.push(error));
    const { load, calls } = deferredImport();
    const failure = new TypeError('Failed to fetch dynamically imported module');

    expect(loader.has(tag, load)).to.equal(false);
    calls[0]?.reject(failure);
    expect(await loader.settle()).to.equal(true);
    expect(errors).to.deep.equal([failure]);
    // A render after the failure does not start another request (and another failure, and another render).
    expect(loader.has(tag, load)).to.equal(false);
    expect(calls).to.have.length(1);

    loader.retry();
    expect(loader.has(tag, load)).to.equal(false);
    expect(calls).to.have.length(2);
    calls[1]?.resolve(class extends HTMLElement {});
    await loader.settle();
    expect(loader.has(tag, load)).to.equal(true);
    expect(updating.updates).to.equal(1);
    expect(errors).to.have.length(1);
  });

  it('load() rejects for its caller and tries again on the next call', async () => {
    const tag = freshTag();
    const errors: unknown[] = [];
    const loader = new PartLoader(host(), (error) => errors.push(error));
    const { load, calls } = deferredImport();

    const first = loader.load(tag, load);
    calls[0]?.reject(new TypeError('offline'));
    let rejected: unknown;
    await first.catch((error: unknown) => (rejected = error));
    expect(rejected).to.be.instanceOf(TypeError);
    // The caller of load() handles its failure: nothing is reported twice.
    expect(errors).to.deep.equal([]);

    const second = loader.load(tag, load);
    calls[1]?.resolve(class extends HTMLElement {});
    await second;
    expect(customElements.get(tag)).to.not.equal(undefined);
  });
});
