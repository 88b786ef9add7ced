import { expect } from '@open-wc/testing';
import { resetAdapter } from '../../test/adapter-fixture.js';
import { fillBasic, mount, test, type } from '../../test/form-harness.js';
import '../define.js';

/** Counts the `JSON.stringify` calls while `act` runs; the page sends no request then, so each is a draft's. */
async function serializations(act: () => Promise<unknown>): Promise<number> {
  const original = JSON.stringify;
  let count = 0;
  JSON.stringify = ((...args: Parameters<typeof original>) => {
    count += 1;
    return original(...args);
  }) as typeof original;
  try {
    await act();
  } finally {
    JSON.stringify = original;
  }
  return count;
}

describe('<smtp-settings> derived state', () => {
  beforeEach(resetAdapter);

  // Dirty, tested, outdated and the Save blocker all compare the draft's JSON: it is made once per edit.
  it('serializes the draft at most once per edit and its update, with a passed test to compare against', async () => {
    const el = await mount();
    await fillBasic(el);
    expect((await test(el)).ok).to.equal(true);
    expect(el.matches(':state(tested)')).to.equal(true);

    const edit = await serializations(() => type(el, 'From Name', 'Example Mail'));

    expect(el.matches(':state(dirty)')).to.equal(true);
    expect(el.matches(':state(tested)')).to.equal(false);
    expect(edit).to.be.at.most(1);
  });

  it('serializes nothing for an update that changes no value', async () => {
    const el = await mount();
    await fillBasic(el);

    const rerender = await serializations(async () => {
      el.requestUpdate();
      await el.updateComplete;
    });

    expect(el.matches(':state(dirty)')).to.equal(true);
    expect(rerender).to.equal(0);
  });
});
