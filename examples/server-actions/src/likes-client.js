// likes-client.js: the "Like (JS)" button of /likes, written by hand. It sends what
// Next.js's client runtime sends when LikeButton calls its `action` prop: a POST to
// the page with Next-Action, and as the body the bound values in front of the
// call's own arguments (here none), so `["post-7"]`. The forms work without it.

const LIKE_ID = "__LIKE_ID__";
const STATE_TREE =
  "%5B%22%22%2C%7B%22children%22%3A%5B%22likes%22%2C%7B%22children%22%3A%5B%22__PAGE__%22%2C%7B%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2Cnull%2C16%5D";

// The bound list, read where the page put it in plain text: the form's `:1` field.
function boundValues() {
  const field = document.querySelector('input[name$=":1"]');
  return field ? JSON.parse(field.value) : [];
}

async function like(button) {
  const response = await fetch(location.pathname, {
    method: "POST",
    headers: {
      Accept: "text/x-component",
      "Next-Action": LIKE_ID,
      "Next-Router-State-Tree": STATE_TREE,
    },
    body: JSON.stringify(boundValues()),
  });
  const row = (await response.text()).split("\n").find((line) => line.startsWith("1:"));
  const last = document.getElementById("last") || document.createElement("p");
  last.id = "last";
  if (!row || row.startsWith("1:E")) {
    last.textContent = "error " + (row || response.status);
  } else {
    const { postId, likes } = JSON.parse(row.slice(2));
    last.textContent = `${postId}: ${likes}`;
  }
  button.after(last);
}

const button = document.getElementById("like-js");
if (button) button.addEventListener("click", () => like(button));
