'use client'

import { useState, type ReactNode } from 'react'

// A client component that opens and closes. What it shows inside comes from the
// server as `children`: already rendered, never run in the browser.
export default function Panel({ title, children }: { title: string; children: ReactNode }) {
  const [open, setOpen] = useState(true)
  return (
    <section>
      <button onClick={() => setOpen(!open)}>{title}</button>
      {open && children}
    </section>
  )
}
