// Plain page: where addAndRedirect sends the browser.
export default function ThanksPage() {
  return <h1>Thanks for signing!</h1>;
}
