'use client';
// Client component that calls a Server Action like an ordinary async function.
import { useState } from 'react';
import { greet } from './actions';

export default function GreetButton() {
  const [result, setResult] = useState<string>('');
  return (
    <div>
      <button
        onClick={async () => {
          const { greeting, count } = await greet('world');
          setResult(`${greeting} (call #${count})`);
        }}
      >
        Greet
      </button>
      <output>{result}</output>
    </div>
  );
}
