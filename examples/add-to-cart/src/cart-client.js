// cart-client.js: what Next.js's client runtime sends when a button of the
// AddButtons client component calls addToCartFromClient(productId, 1), by hand.

const ACTION_ID = "__ACTION_ID__";
const PRODUCT_IDS = __PRODUCT_IDS__;
// `Next-Router-State-Tree`: the segments on screen, URL-encoded JSON
// (["",{"children":["cart",{"children":["client",{"children":["__PAGE__",…]}]}]}]).
const STATE_TREE =
  "%5B%22%22%2C%7B%22children%22%3A%5B%22cart%22%2C%7B%22children%22%3A%5B%22client%22%2C%7B%22children%22%3A%5B%22__PAGE__%22%2C%7B%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2Cnull%2C16%5D";

// The call: a POST to the page itself; the arguments as one JSON text, which the
// browser sends as text/plain;charset=UTF-8.
async function addToCartFromClient(productId, quantity) {
  const response = await fetch(location.pathname, {
    method: "POST",
    headers: {
      Accept: "text/x-component",
      "Next-Action": ACTION_ID,
      "Next-Router-State-Tree": STATE_TREE,
    },
    body: JSON.stringify([productId, quantity]),
  });
  // The answer is flight rows, `<id>:<payload>` per line; the result is row 1.
  for (const line of (await response.text()).split("\n")) {
    if (line.startsWith("1:")) {
      const payload = line.slice(2);
      if (payload.startsWith("E")) throw new Error("the action failed " + payload.slice(1));
      return JSON.parse(payload);
    }
  }
  throw new Error("no result row in the answer");
}

document.addEventListener("click", async (event) => {
  const buttons = [...document.querySelectorAll("main > div > button")];
  const index = buttons.indexOf(event.target);
  if (index < 0) return;
  const output = document.querySelector("main output");
  buttons.forEach((b) => (b.disabled = true)); // `pending` of useTransition
  try {
    const result = await addToCartFromClient(PRODUCT_IDS[index], 1);
    const count = result.ok ? result.cart.count : output.textContent.split(" ")[0];
    const message = result.ok ? `Added ${PRODUCT_IDS[index]}.` : result.error;
    output.textContent = `${count} in cart. ${message}`;
  } catch (error) {
    output.textContent = error.message;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
});
