import { describe, expect, it } from 'vitest';
import { createProgress, silentProgress } from '../src/progress.js';

/** A fake terminal or log: records what was written. */
function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (s: string) => writes.push(s) } };
}

describe('progress', () => {
  it('prints plain lines at start, each quarter and the end', () => {
    const { writes, out } = sink(false);
    const p = createProgress(out);
    p.start('clean', 100);
    for (let i = 0; i < 100; i++) p.tick();
    p.done();
    expect(writes).toEqual([
      'clean: 0% (0/100)\n',
      'clean: 25% (25/100)\n',
      'clean: 50% (50/100)\n',
      'clean: 75% (75/100)\n',
      'clean: 100% (100/100)\n',
    ]);
  });

  it('prints a final line when done() comes before the total', () => {
    const { writes, out } = sink(false);
    const p = createProgress(out, { plain: true });
    p.start('fit', 10);
    p.tick(3);
    p.done();
    expect(writes.at(-1)).toBe('fit: 100% (10/10)\n');
  });

  it('draws a redrawn bar on a terminal', () => {
    const { writes, out } = sink(true);
    const p = createProgress(out, { plain: false });
    p.start('match', 4);
    p.tick(2);
    p.done();
    expect(writes[0]).toMatch(/^\rmatch \[-{28}\] 0% \d+\.\ds$/);
    const last = writes.at(-2) ?? '';
    expect(last).toMatch(/^\rmatch \[#{28}\] 100% \d+\.\ds$/);
    expect(writes.at(-1)).toBe('\n');
    expect(writes.every((w) => !w.includes('\n') || w === '\n')).toBe(true);
  });

  it('silentProgress does nothing', () => {
    expect(() => {
      silentProgress.start('x', 1);
      silentProgress.tick();
      silentProgress.done();
    }).not.toThrow();
  });
});
