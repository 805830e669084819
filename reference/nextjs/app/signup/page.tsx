// useActionState: an action that answers with an error instead of redirecting.
import { connection } from 'next/server'
import SignupForm from './SignupForm'

export default async function SignupPage() {
  await connection()
  return (
    <main>
      <h1>Sign up</h1>
      <SignupForm />
    </main>
  )
}
