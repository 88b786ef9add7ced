import { SERVER_TEXTS, type ServerTextKey } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { deServerTexts } from './de-server-texts.js';

const placeholders = (template: string) =>
  [...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();

describe('the German server texts', () => {
  it('translate every text the adapter writes, and nothing else', () => {
    expect(Object.keys(deServerTexts).sort()).toEqual(Object.keys(SERVER_TEXTS).sort());
  });

  it.each(Object.keys(SERVER_TEXTS) as ServerTextKey[])(
    '%s uses the same placeholders as the English',
    (key) => {
      expect(placeholders(deServerTexts[key])).toEqual(placeholders(SERVER_TEXTS[key]));
    },
  );
});
