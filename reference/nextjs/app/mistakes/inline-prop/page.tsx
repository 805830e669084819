// A Server Component defines an action inline and hands it to a client component.
import LikeButton from './like-button';

export const dynamic = 'force-dynamic';

let likes = 0;

export default function InlinePropPage() {
  async function like() {
    'use server';
    likes += 1;
    return likes;
  }
  return (
    <main>
      <h1>Likes</h1>
      <LikeButton likeAction={like} />
    </main>
  );
}
