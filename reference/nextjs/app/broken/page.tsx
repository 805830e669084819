// A page whose data source fails while it renders. error.tsx beside it is the
// boundary that catches it; the message stays on the server.
import { connection } from 'next/server'

export default async function BrokenPage() {
  await connection()
  throw new Error('the inventory service is down')
}
