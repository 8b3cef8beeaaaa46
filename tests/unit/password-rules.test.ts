import { describe, expect, it } from 'vitest';
import { changePasswordSchema, unmetPasswordRules } from '../../shared/api/password';

const unmet = (password: string) => unmetPasswordRules(password).map((rule) => rule.id);

describe('password rules (SPEC §8)', () => {
  it('holds at 8 and 20 characters and fails at 7 and 21', () => {
    expect(unmet('Ab1!defg')).toEqual([]);
    expect(unmet('Ab1!defghijklmnopqrs')).toEqual([]);
    expect(unmet('Ab1!def')).toEqual(['length']);
    expect(unmet('Ab1!defghijklmnopqrst')).toEqual(['length']);
  });

  it('names each missing class', () => {
    expect(unmet('AB1!DEFG')).toEqual(['lower']);
    expect(unmet('ab1!defg')).toEqual(['upper']);
    expect(unmet('Abc!defg')).toEqual(['numeral']);
    expect(unmet('Ab1cdefg')).toEqual(['symbol']);
    expect(unmet('')).toEqual(['lower', 'upper', 'numeral', 'symbol', 'length']);
  });

  it('needs the current password, the same new password twice, and a change', () => {
    const issues = (value: object) => changePasswordSchema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({ currentPassword: 'Old-pass-1', newPassword: 'New-pass-1', confirmPassword: 'New-pass-1' })).toBeUndefined();
    expect(issues({ currentPassword: '', newPassword: 'New-pass-1', confirmPassword: 'New-pass-2' })).toEqual([
      'currentPassword: Enter your current password.',
      'confirmPassword: The two new passwords are not the same.',
    ]);
    expect(issues({ currentPassword: 'Same-pass-1', newPassword: 'Same-pass-1', confirmPassword: 'Same-pass-1' })).toEqual([
      'newPassword: Choose a password different from the current one.',
    ]);
    expect(issues({ currentPassword: 'x', newPassword: 'Ab1!défg', confirmPassword: 'Ab1!défg' })).toEqual([
      'newPassword: Use letters, numerals and symbols only (no spaces or accented letters).',
    ]);
    expect(issues({ currentPassword: 'x', newPassword: 'short', confirmPassword: 'short' })).toEqual([
      'newPassword: The new password needs: at least one upper-case letter; at least one numeral; at least one symbol; 8 to 20 characters.',
    ]);
  });
});
