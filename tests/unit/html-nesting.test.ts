import { describe, expect, it } from 'vitest';
import { limitNesting } from '../../web/features/mail/html/nesting';

describe('limitNesting', () => {
  it('drops the tags nested past the limit and keeps their text', () => {
    const deep = `<p>Top</p>${'<div>'.repeat(50_000)}deep inside${'</div>'.repeat(50_000)}<p>After</p>`;
    const limited = limitNesting(deep, 200);
    expect(limited.match(/<div>/g)).toHaveLength(200);
    expect(limited.match(/<\/div>/g)).toHaveLength(200);
    expect(limited).toContain('<div>deep inside</div>');
    expect(limited.endsWith('</div><p>After</p>')).toBe(true);
  });

  it('leaves ordinary mail alone: siblings the parser closes itself, void elements, comments, style', () => {
    const mail = `<style>div > p { color: red }</style><!-- <div><div> --><ul>${'<li>item'.repeat(500)}</ul>${'<p>para'.repeat(500)}<img src="a>b.png"><br>`;
    expect(limitNesting(mail, 200)).toBe(mail);
  });
});
