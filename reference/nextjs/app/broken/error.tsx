'use client'

// The error boundary of /broken. It must be a client component: it renders in the
// browser, and `reset` asks the server for the segment again.
export default function BrokenError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div id="error">
      <p>Could not load this page (error {error.digest}).</p>
      <button onClick={() => reset()}>Try again</button>
    </div>
  )
}
