import { describe, expect, it } from 'vitest';
import { planInstall } from './plan.mjs';

describe('planInstall', () => {
  it('installs the missing browsers and PostgreSQL from Debian when it runs as root there', () => {
    expect(
      planInstall({ missingBrowsers: ['chromium', 'firefox'], postgresMissing: true, apt: true, env: {} }),
    ).toEqual({
      packages: ['chromium', 'firefox-esr', 'postgresql'],
      problems: [],
    });
  });

  it('installs nothing elsewhere, and says per browser what to install', () => {
    const { packages, problems } = planInstall({
      missingBrowsers: ['firefox'],
      postgresMissing: true,
      apt: false,
      env: {},
    });
    expect(packages).toEqual([]);
    expect(problems).toEqual([
      'The tests need Firefox: install it (Debian: apt-get install -y firefox-esr) or set FIREFOX_PATH to its executable.',
    ]);
  });

  it('reports a browser variable that points nowhere instead of installing over it', () => {
    const env = { CHROMIUM_PATH: '/nowhere/chrome' };
    expect(planInstall({ missingBrowsers: ['chromium'], postgresMissing: false, apt: true, env })).toEqual({
      packages: [],
      problems: [
        'CHROMIUM_PATH is /nowhere/chrome, which is not an executable file: point it at Chromium or unset it.',
      ],
    });
  });

  it('installs nothing when everything is there', () => {
    expect(planInstall({ missingBrowsers: [], postgresMissing: false, apt: true, env: {} })).toEqual({
      packages: [],
      problems: [],
    });
  });
});
