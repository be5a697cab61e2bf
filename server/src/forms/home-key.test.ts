import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HomeFormEnvelope } from '@junban/protocol';
import { sealHomeForm } from '@junban/protocol/form-check';
import { homeFormKeys } from './home-key.js';

describe('the office key for forms filled in at home', () => {
  const formKey = randomBytes(32);
  const content = { values: { name: '山田 太郎', furigana: 'ヤマダ タロウ' } };

  it('is the same for the same form key, so a restored office still opens what phones sealed before', () => {
    expect(homeFormKeys(formKey).publicKey).toBe(homeFormKeys(Buffer.from(formKey)).publicKey);
    expect(homeFormKeys(randomBytes(32)).publicKey).not.toBe(homeFormKeys(formKey).publicKey);
    expect(HomeFormEnvelope.shape.epk.safeParse(homeFormKeys(formKey).publicKey).success).toBe(true);
  });

  it('opens a form sealed on a phone to it, and no other office, procedure or changed byte does', async () => {
    const keys = homeFormKeys(formKey);
    const sealed = await sealHomeForm(keys.publicKey, 'honcho', 'tennyu', content);
    expect(HomeFormEnvelope.parse(sealed)).toEqual(sealed);
    expect(JSON.stringify(sealed)).not.toContain('ヤマダ');
    expect(await keys.open('honcho', 'tennyu', sealed)).toEqual(content);
    await expect(keys.open('kita', 'tennyu', sealed)).rejects.toThrow();
    await expect(keys.open('honcho', 'juminhyo', sealed)).rejects.toThrow();
    await expect(homeFormKeys(randomBytes(32)).open('honcho', 'tennyu', sealed)).rejects.toThrow();
    const flipped = { ...sealed, ct: (sealed.ct[0] === 'A' ? 'B' : 'A') + sealed.ct.slice(1) };
    await expect(keys.open('honcho', 'tennyu', flipped)).rejects.toThrow();
  });
});
