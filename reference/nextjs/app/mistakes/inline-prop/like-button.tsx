'use client';
// A client component that receives a Server Action as a prop: it imports nothing.
import { useState } from 'react';

export default function LikeButton({ likeAction }: { likeAction: () => Promise<number> }) {
  const [likes, setLikes] = useState<number | null>(null);
  return <button onClick={async () => setLikes(await likeAction())}>Like {likes}</button>;
}
