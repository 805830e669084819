// A server component passed to a client component as children: the client gets the
// rendered list, not the code that made it.
import { connection } from 'next/server'
import Panel from './panel'

async function Stock() {
  const items = ['bolts: 40', 'nuts: 12']
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  )
}

export default async function BoundaryPage() {
  await connection()
  return (
    <main>
      <h1>Boundary</h1>
      <Panel title="Stock">
        <Stock />
      </Panel>
    </main>
  )
}
