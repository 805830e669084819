'use client';
// What people write: two action calls at once, expecting them to run side by side.
import { useState } from 'react';
import { slowStep } from './actions';

export default function TwoSteps() {
  const [log, setLog] = useState('');
  async function run() {
    const results = await Promise.all([slowStep('a'), slowStep('b')]);
    setLog(JSON.stringify(results));
  }
  return (
    <div>
      <button onClick={run}>Run two steps</button>
      <pre id="log">{log}</pre>
    </div>
  );
}
