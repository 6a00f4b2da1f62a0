// The review page's assisted editor: checks each field as the reviewer types (debounced),
// shows the findings under their field, asks for a suggestion per field and fills it in when
// accepted. Text from the server is only ever written with textContent or value. A Unicode
// bidi control (U+202A-U+202E, U+2066-U+2069) would reorder what follows it on screen: shown
// text marks it ("[U+202E]"), and the fields leave it out, so a saved edit holds none.
"use strict";
(function () {
  const root = document.getElementById("editor");
  if (!root) return;
  const DEBOUNCE_MS = 300;
  const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
  const visible = (text) =>
    String(text).replace(BIDI, (c) => "[U+" + c.charCodeAt(0).toString(16).toUpperCase() + "]");
  const stripped = (text) => String(text).replace(BIDI, "");
  const listing = JSON.parse(root.dataset.listing || "{}");
  const facts = JSON.parse(root.dataset.facts || "{}");
  const instructions = JSON.parse(root.dataset.instructions || "[]");
  const inputs = {};
  const lists = {};

  function el(tag, props) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    return node;
  }

  function addField(name, value, multiline) {
    const box = el("div", { className: "field editor-field" });
    box.appendChild(el("b", { textContent: name }));
    const input = el(multiline ? "textarea" : "input", { value: stripped(value), id: "editor-" + name });
    input.dataset.field = name;
    input.addEventListener("input", schedule);
    box.appendChild(input);
    const findings = el("ul", { className: "editor-findings", id: "findings-" + name });
    box.appendChild(findings);
    const choice = el("select", { id: "instruction-" + name });
    instructions.forEach((text) => choice.appendChild(el("option", { value: text, textContent: text })));
    box.appendChild(choice);
    const ask = el("button", { type: "button", textContent: "Suggest", id: "suggest-" + name });
    const proposal = el("div", { className: "editor-proposal", id: "proposal-" + name });
    ask.addEventListener("click", () => suggest(name, choice.value, proposal));
    box.appendChild(ask);
    box.appendChild(proposal);
    root.appendChild(box);
    inputs[name] = input;
    lists[name] = findings;
  }

  function current() {
    const bullets = Object.keys(inputs).filter((n) => n.startsWith("bullets[")).map((n) => inputs[n].value);
    return {
      title: inputs.title.value,
      bullets: bullets,
      description: inputs.description.value,
      keywords: inputs.keywords.value.split(",").map((k) => k.trim()).filter((k) => k),
    };
  }

  async function post(url, body) {
    const form = new URLSearchParams({ csrf: root.dataset.csrf, body: JSON.stringify(body) });
    const answer = await fetch(url, { method: "POST", body: form, credentials: "same-origin" });
    const data = await answer.json();
    if (!answer.ok) throw new Error(typeof data.detail === "string" ? data.detail : answer.statusText);
    return data;
  }

  function show(list, findings) {
    list.replaceChildren(
      ...findings.map((f) =>
        el("li", { className: "finding-" + f.severity, textContent: visible(f.rule_id + " (" + f.severity + "): " + f.message) })
      )
    );
  }

  async function check() {
    const where = { locale: root.dataset.locale, marketplace: root.dataset.marketplace, facts: facts };
    try {
      const data = await post(root.dataset.check, { ...where, listing: current() });
      Object.entries(lists).forEach(([name, list]) => show(list, data.findings.filter((f) => f.field === name)));
    } catch (error) {
      show(lists.title, [{ rule_id: "editor", severity: "warn", message: error.message }]);
    }
  }

  let timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  async function suggest(name, instruction, box) {
    box.replaceChildren(el("span", { className: "muted", textContent: "asking…" }));
    const body = {
      locale: root.dataset.locale, marketplace: root.dataset.marketplace, facts: facts,
      field: name, text: inputs[name].value, instruction: instruction, listing: current(),
    };
    try {
      const data = await post(root.dataset.suggest, body);
      const accept = el("button", { type: "button", textContent: "Accept", id: "accept-" + name });
      accept.addEventListener("click", () => {
        inputs[name].value = stripped(data.proposal);
        box.replaceChildren();
        check();
      });
      const findings = el("ul");
      show(findings, data.findings);
      const verdict = data.clean ? "passes the checks" : "fails the checks";
      box.replaceChildren(el("q", { textContent: visible(data.proposal) }), el("span", { className: "muted", textContent: " (" + verdict + ") " }), accept, findings);
    } catch (error) {
      box.replaceChildren(el("span", { className: "muted", textContent: visible(error.message) }));
    }
  }

  addField("title", listing.title || "", false);
  (listing.bullets || []).forEach((text, i) => addField("bullets[" + i + "]", text, false));
  addField("description", listing.description || "", true);
  addField("keywords", (listing.keywords || []).join(", "), false);
  document.getElementById("editor-save").addEventListener("submit", () => {
    document.getElementById("editor-listing").value = JSON.stringify(current());
  });
  check();
})();
