import { describe, expect, test, vi } from 'vitest';
import { uuid } from '../src/environment';
import { patchMethod } from '../src/patch';

const fail = () => {};

describe('patchMethod', () => {
  test('passes arguments, this and the result through; hooks see them', () => {
    const target = {
      factor: 2,
      times(n: number) {
        return this.factor * n;
      },
    };
    const after = vi.fn();
    patchMethod(target, 'times', ([n]) => `before ${n}`, after, fail);
    expect(target.times(21)).toBe(42);
    expect(after).toHaveBeenCalledWith([21], 'before 21', 42);
  });

  test('what the hooks throw goes to fail; the app’s call and result are untouched', () => {
    const target = { times: (n: number) => n * 2 };
    const failures: unknown[] = [];
    const boom = () => {
      throw new Error('hook');
    };
    patchMethod(target, 'times', boom, boom, (e) => failures.push(e));
    expect(target.times(21)).toBe(42);
    expect(failures.map((e) => (e as Error).message)).toEqual(['hook', 'hook']);
  });

  test('a missing method: nothing patched, the undo does nothing', () => {
    const target: Record<string, unknown> = { other: 1 };
    const undo = patchMethod(target, 'absent', undefined, vi.fn(), fail);
    expect(target).toEqual({ other: 1 });
    undo();
    expect(target).toEqual({ other: 1 });
  });

  test('undo restores an own method, and uncovers an inherited one', () => {
    const proto = { hello: () => 'proto' };
    const target = Object.create(proto) as { hello: () => string; own: () => string };
    target.own = () => 'own';
    const ownBefore = target.own;
    const undoOwn = patchMethod(target, 'own', undefined, vi.fn(), fail);
    const undoInherited = patchMethod(target, 'hello', undefined, vi.fn(), fail);
    undoOwn();
    undoInherited();
    expect(target.own).toBe(ownBefore);
    expect(Object.prototype.hasOwnProperty.call(target, 'hello')).toBe(false);
  });

  test('wrapped again by someone else: the undo leaves their wrapper and stops our hooks', () => {
    const target = { run: (x: number) => x + 1 };
    const after = vi.fn();
    const undo = patchMethod(target, 'run', vi.fn(), after, fail);
    const ours = target.run;
    const theirs = (x: number) => ours(x) * 10;
    target.run = theirs;
    undo();
    expect(target.run).toBe(theirs);
    expect(target.run(1)).toBe(20);
    expect(after).not.toHaveBeenCalled();
  });
});

describe('uuid', () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  test('v4 UUIDs, each one new, from crypto.randomUUID or, where it throws, Math.random', async () => {
    for (const insecure of [false, true]) {
      vi.resetModules(); // a new page: a new random UUID to count from
      if (insecure) {
        vi.spyOn(crypto, 'randomUUID').mockImplementation(() => {
          throw new Error('insecure context');
        });
      }
      const { uuid: fresh } = await import('../src/environment');
      const made = new Set(Array.from({ length: 200 }, () => fresh()));
      for (const id of made) expect(id).toMatch(V4);
      expect(made.size).toBe(200);
      vi.restoreAllMocks();
    }
    expect(uuid()).toMatch(V4);
  });

  test('two pages do not count from the same UUID', async () => {
    const pages = [];
    for (let i = 0; i < 2; i++) {
      vi.resetModules();
      pages.push((await import('../src/environment')).uuid());
    }
    expect(pages[0]?.slice(0, 24)).not.toBe(pages[1]?.slice(0, 24));
  });
});
