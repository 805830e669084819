'use client';
// A client component that sends a few kinds of values through the echo action.
import { useState } from 'react';
import { echo } from './actions';

export default function EchoButton() {
  const [shown, setShown] = useState('');
  return (
    <div>
      <button
        onClick={async () => {
          const back = await echo({ when: new Date(), big: 10n ** 20n, tags: new Set(['a']) });
          setShown(String(back instanceof Object));
        }}
      >
        Echo
      </button>
      <output>{shown}</output>
    </div>
  );
}
