// The likes page: a bound action and the four ways an action can ask for a fresh tree.
import { connection } from 'next/server'
import { getLikes, like } from './actions'
import ActionButtons from './ActionButtons'
import LikeButton from './LikeButton'

export default async function LikesPage() {
  await connection()
  const likes = await getLikes('post-7')
  return (
    <main>
      <h1>Likes</h1>
      <p id="count">post-7 has {likes} likes</p>
      <LikeButton action={like.bind(null, 'post-7')} />
      <ActionButtons />
    </main>
  )
}
