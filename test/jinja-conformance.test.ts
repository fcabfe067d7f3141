/**
 * tht's Jinja engine against Python jinja2 3.1.6, case by case: the fixtures
 * in test/fixtures/jinja/ were rendered by jinja2 (tools/jinja/cases.py).
 * Cases listed in test/fixtures/jinja/pending.txt do not pass yet and run
 * as expected failures; one that starts passing fails here until it is
 * taken off the list (tools/jinja-pending.sh rewrites it).
 */
import { describe, expect, it } from 'vitest';
import { loadPending, loadSections, runCase } from './helpers/jinja.js';

const sections = loadSections();
const pending = loadPending();

/** The template in the test title, on one line and short. */
const title = (template: string) => JSON.stringify(template.length > 70 ? `${template.slice(0, 67)}...` : template);

for (const { section, cases } of sections) {
  describe(section, () => {
    for (const c of cases) {
      (pending.has(c.id) ? it.fails : it)(`${c.id} ${title(c.template)}`, () => {
        const { expected, actual, message } = runCase(c);
        expect(actual, message).toEqual(expected);
      });
    }
  });
}

describe('the pending list', () => {
  it('names only cases that exist', () => {
    const ids = new Set(sections.flatMap((s) => s.cases.map((c) => c.id)));
    expect([...pending].filter((id) => !ids.has(id))).toEqual([]);
  });
});
