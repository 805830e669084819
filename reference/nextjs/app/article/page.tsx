// A page with one long string. React does not put a string of 1,024 characters or
// more inside a JSON row: it sends it as a text row of its own (`T`), length first.
import { connection } from 'next/server'

const SENTENCE = 'A long string travels in a row of its own, announced by its length in bytes. '

export default async function ArticlePage() {
  await connection()
  return (
    <main>
      <h1>Article</h1>
      <p id="body">{SENTENCE.repeat(16)}</p>
    </main>
  )
}
