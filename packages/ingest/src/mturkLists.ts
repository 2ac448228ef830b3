import { quoteLiteral } from '@dsrep/core';
import type { MTurkLayout } from './params.js';
import type { Rule } from './typing.js';

/** Quoted CSV column by name; null when optional and absent. */
export type Finder = (name: string | null, required?: boolean) => string | null;

/** A list field of an assignment: its text and its SQL list. */
export interface ListField {
  key: string;
  column: string;
  text: string;
  list: string;
}

/**
 * The layout's list columns present in the file, each with SQL giving
 * it as VARCHAR[] (JSON array elements, JSON null -> NULL, or split
 * text). Absent optional lists are left out.
 */
export function listFields(layout: MTurkLayout, col: Finder): ListField[] {
  const specs: [string, string | null, boolean][] = [
    ['images', layout.images, true],
    ['roles', layout.roles, false],
    ['kinds', layout.controlKinds, false],
    ['shown', layout.shownOrder, false],
    ['selected', layout.selected, true],
  ];
  const out: ListField[] = [];
  for (const [key, name, required] of specs) {
    const text = col(name, required);
    if (text === null || name === null) continue;
    const list =
      layout.separator === 'json'
        ? `json_extract_string(${text}, '$[*]')`
        : `CASE WHEN coalesce(${text}, '') = '' THEN []::VARCHAR[] ` +
          `ELSE string_split(${text}, ${quoteLiteral(layout.separator)}) END`;
    out.push({ key, column: name, text, list });
  }
  return out;
}

/**
 * Rules per assignment: each list parses, roles and control kinds run
 * parallel to the grid's images, the shown order holds exactly the
 * grid's images, no image appears twice, and every selection is shown.
 */
export function listRules(lists: ListField[], layout: MTurkLayout): Rule[] {
  const rules: Rule[] = [];
  const json = layout.separator === 'json';
  for (const l of lists) {
    if (!json) continue;
    rules.push({
      column: l.key,
      bad:
        `${l.text} IS NULL OR NOT json_valid(${l.text}) OR ` +
        `json_type(${l.text}) <> 'ARRAY'`,
      expected: 'a JSON array',
    });
  }
  const of = (k: string) => lists.find((l) => l.key === k)?.list;
  const images = of('images') as string;
  rules.push({
    column: 'images',
    bad: `len(list_distinct(${images})) <> len(${images})`,
    expected: 'each image once per grid',
  });
  for (const k of ['roles', 'kinds']) {
    const list = of(k);
    if (!list) continue;
    rules.push({
      column: k,
      bad: `len(${list}) <> len(${images})`,
      expected: `one entry per image of ${layout.images}`,
    });
  }
  const shown = of('shown') ?? images;
  if (of('shown')) {
    rules.push({
      column: 'shown',
      bad: `list_sort(${shown}) <> list_sort(${images})`,
      expected: `the same image ids as ${layout.images}, in any order`,
    });
  }
  const selected = of('selected') as string;
  rules.push(
    layout.selectedBy === 'id'
      ? {
          column: 'selected',
          bad: `len(list_filter(${selected}, x -> NOT list_contains(${shown}, x))) > 0`,
          expected: 'only ids of images shown in the grid',
        }
      : {
          column: 'selected',
          bad:
            `len(list_filter(${selected}, x -> TRY_CAST(x AS INTEGER) IS NULL ` +
            `OR TRY_CAST(x AS INTEGER) NOT BETWEEN 0 AND len(${shown}) - 1)) > 0`,
          expected: 'only 0-based positions of images shown in the grid',
        },
  );
  return rules;
}
