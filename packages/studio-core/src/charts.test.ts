import { sessionMachine } from '@sacco/journeys';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { STUDIO_CHARTS } from './charts.js';

describe('studio charts', () => {
  it('have unique, URL-safe ids', () => {
    const ids = STUDIO_CHARTS.map((chart) => chart.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[\w-]+$/);
  });

  it('draw every journey of the session machine, found by walking it', () => {
    const roots = STUDIO_CHARTS.map((chart) => chart.root);
    for (const node of Object.values(sessionMachine.root.states as Record<string, AnyStateNode>)) {
      if (Object.keys(node.states).length > 0) expect(roots, node.id).toContain(node.id);
    }
  });

  it('render every state that shows something in every language, with no placeholder left', () => {
    for (const chart of STUDIO_CHARTS) {
      const nodes = (node: AnyStateNode): AnyStateNode[] => [
        node,
        ...Object.values(node.states as Record<string, AnyStateNode>).flatMap(nodes),
      ];
      for (const node of nodes(chart.machine.root)) {
        if (chart.messageKey(node) === undefined) continue;
        for (const language of chart.languages) {
          expect(chart.render(node, language), `${node.id} ${language}`).not.toMatch(/\{\w+\}|^$/);
        }
      }
    }
  });
});
