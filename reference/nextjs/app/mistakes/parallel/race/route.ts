// A test harness, not app code: it sends two slowStep calls to this same server at
// the same moment, without Next's client, and reports what each action measured.
import type { NextRequest } from 'next/server';

const SLOW_STEP_ID = '4024d3f2eafd310a794559c55285f12737bd7260af';

type Step = { label: string; started: number; finished: number };

async function callSlowStep(host: string, label: string): Promise<Step> {
  const response = await fetch(`http://${host}/mistakes/parallel`, {
    method: 'POST',
    headers: {
      'next-action': SLOW_STEP_ID,
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
    },
    body: JSON.stringify([label]),
  });
  // The answer is flight rows; row 1 holds the action's return value.
  const row = (await response.text()).split('\n').find((line) => line.startsWith('1:'));
  return JSON.parse(row!.slice(2));
}

export async function GET(request: NextRequest) {
  const host = request.headers.get('host')!;
  const [a, b] = await Promise.all([callSlowStep(host, 'a'), callSlowStep(host, 'b')]);
  return Response.json({ a, b, overlapped: b.started < a.finished && a.started < b.finished });
}
