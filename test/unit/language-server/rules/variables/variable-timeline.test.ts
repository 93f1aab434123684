import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { fixedView, VariableTimeline } from '../../../../../language-server/src/dockerfile/rules/variables/variable-timeline';

describe('VariableTimeline', () => {
  test('a view sees the values set before it, not after', () => {
    const timeline = new VariableTimeline(null);
    timeline.set('A', '1');
    const before = timeline.now();
    timeline.set('A', '2');
    timeline.set('B', '3');
    const after = timeline.now();
    assert.deepEqual([before.get('A'), before.get('B'), after.get('A'), after.get('B')], ['1', undefined, '2', '3']);
    assert.deepEqual([before.keys(), after.keys()], [['A'], ['A', 'B']]);
  });

  test('looks through to the base, own values first; keys keep first-definition order', () => {
    const timeline = new VariableTimeline(fixedView(new Map([['PATH', '/bin'], ['X', 'base']])));
    timeline.set('Y', 'y');
    timeline.set('X', 'own');
    const view = timeline.now();
    assert.deepEqual([view.get('PATH'), view.get('X'), view.has('Y'), view.has('Z')], ['/bin', 'own', true, false]);
    assert.deepEqual(view.keys(), ['PATH', 'X', 'Y']);
  });
});
