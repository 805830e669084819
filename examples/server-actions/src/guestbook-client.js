// guestbook-client.js: the requests Next.js's client runtime makes for /guestbook,
// written by hand. Without this script the forms still work: the browser posts them
// as multipart/form-data and the server answers with the whole page.

const GREET_ID = "__GREET_ID__";
// `Next-Router-State-Tree`: the client router's view of the segments on screen,
// URL-encoded JSON (["",{"children":["guestbook",{"children":["__PAGE__",…]}]}]).
const STATE_TREE =
  "%5B%22%22%2C%7B%22children%22%3A%5B%22guestbook%22%2C%7B%22children%22%3A%5B%22__PAGE__%22%2C%7B%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2Cnull%2C16%5D";
const PAGE = location.pathname;
// The base path is whatever comes before /guestbook (empty when served at the root).
const BASE_PATH = PAGE.slice(0, PAGE.lastIndexOf("/guestbook"));

// Every action call: a POST to the page itself, named by the Next-Action header.
// The browser sets Content-Type: text/plain;charset=UTF-8 for a string body and
// multipart/form-data with a boundary for a FormData body, as in Next.js.
function callAction(id, body) {
  return fetch(PAGE, {
    method: "POST",
    headers: {
      Accept: "text/x-component",
      "Next-Action": id,
      "Next-Router-State-Tree": STATE_TREE,
    },
    body,
  });
}

// A flight payload: one `<hex id>:<payload>` row per line.
function flightRows(text) {
  const rows = new Map();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return rows;
}

// greet('world'): the argument list as JSON text; the result is row 1.
async function greet(output) {
  const response = await callAction(GREET_ID, JSON.stringify(["world"]));
  const result = flightRows(await response.text()).get("1") || "";
  if (result.startsWith("E")) {
    output.textContent = "error " + result.slice(1);
    return;
  }
  const { greeting, count } = JSON.parse(result);
  output.textContent = `${greeting} (call #${count})`;
}

// A <form action={fn}>: the FormData becomes argument `$K<n>` (its fields prefixed
// `_<n>_`), and field `0` holds the argument list. A form with a bound value sends
// the sealed value back as argument 1 (field `1`) and its fields under prefix 2.
function encodeFormCall(form) {
  const fields = new FormData(form);
  const body = new FormData();
  for (const name of fields.keys()) {
    if (name.startsWith("$ACTION_ID_")) {
      for (const [key, value] of fields) body.append("_1_" + key, value);
      body.append("0", JSON.stringify(["$K1"]));
      return { id: name.slice("$ACTION_ID_".length), body };
    }
    if (name.startsWith("$ACTION_REF_")) {
      const n = name.slice("$ACTION_REF_".length);
      const { id } = JSON.parse(fields.get(`$ACTION_${n}:0`));
      body.append("1", fields.get(`$ACTION_${n}:2`));
      for (const [key, value] of fields) body.append("_2_" + key, value);
      body.append("0", JSON.stringify(["$@1", "$K2"]));
      return { id, body };
    }
  }
  return null;
}

async function submitForm(form) {
  const call = encodeFormCall(form);
  if (!call) return form.submit();
  const response = await callAction(call.id, call.body);
  const redirect = response.headers.get("x-action-redirect");
  if (redirect) {
    // `/guestbook/thanks;push`: the router adds the base path and navigates.
    location.assign(BASE_PATH + redirect.split(";")[0]);
    return;
  }
  if (response.headers.get("x-action-revalidated") === "1") {
    // Next.js applies the new tree from the answer; we fetch the page and swap <main>.
    const html = await (await fetch(PAGE)).text();
    const fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelector("main").replaceWith(fresh.querySelector("main"));
    return;
  }
  form.reset();
}

document.addEventListener("submit", (event) => {
  event.preventDefault();
  submitForm(event.target);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("main > div > button");
  if (button) greet(button.parentElement.querySelector("output"));
});
