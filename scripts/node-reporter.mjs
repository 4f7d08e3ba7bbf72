// The node:test reporter `npm test` uses: Node's spec reporter, with one change. Node 20's spec
// reporter prints a todo test that fails as ✖, with its stack, and again under "failing tests:",
// although the runner counts it as todo, not as a failure. Here it prints as todo (﹣ … # TODO …),
// with the first line of its error, so a failure report above the closing line is a real failure.
import { Readable } from 'node:stream';
import { spec as Spec } from 'node:test/reporters';

const firstLine = (s) => String(s).split('\n')[0];

async function* todoAsTodo(source) {
  for await (const event of source) {
    if (event.type !== 'test:fail' || event.data.todo === undefined) {
      yield event;
      continue;
    }
    const { todo, details } = event.data;
    const error = details?.error?.cause ?? details?.error;
    const reason = typeof todo === 'string' && todo ? `TODO: ${todo}` : 'TODO';
    const skip = `${reason}${error?.message ? ` (failed: ${firstLine(error.message)})` : ''}`;
    yield { ...event, type: 'test:pass', data: { ...event.data, todo: undefined, skip, details: { ...details, error: undefined } } };
  }
}

export default async function* reporter(source) {
  yield* Readable.from(todoAsTodo(source)).compose(new Spec());
}
