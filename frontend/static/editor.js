/* The report editor never loses what the person typed:
   - a draft in sessionStorage (per user and report), written as they type and restored by
     the server (op=restore) when they come back: after signing in again, an outage, a
     closed page; cleared when the server says the text is saved (HX-Trigger samordna:saved);
   - a warning before leaving with unsaved changes;
   - the session extended while they type (throttled, well within the idle timeout);
   - on a 5xx, a 413 or no answer at all, the form stays in place with a message. */
(function () {
  "use strict";

  var PREFIX = "samordna:utkast:";
  var NOT_KEPT = { csrf_token: true, op: true, version: true };
  var LEAVE = "Du har ändringar som inte är sparade. Vill du lämna sidan ändå?";
  var DOWN = "Samordna svarar inte just nu, så det du skrev är inte sparat. Texten finns kvar " +
             "här och i webbläsaren. Försök spara igen om en stund.";
  var TOO_LARGE = "Det du skrev är för stort för att skickas på en gång (högst 1 MB). Texten " +
                  "finns kvar här. Korta den och spara igen.";
  var dirty = false;    // typed since the page showed what is saved
  var leaving = false;  // the editor's own save or send is under way
  var lastKeepalive = Date.now();
  var storeTimer = null;

  function editorForm() { return document.querySelector("form[data-editor][data-draft-key]"); }
  function keyOf(form) { return PREFIX + form.getAttribute("data-draft-key"); }
  function inEditor(elt) { return !!(elt && elt.closest && elt.closest("form[data-editor]")); }
  function field(form, name) { var f = form.elements.namedItem(name); return f ? f.value : ""; }

  function entriesOf(form) {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (!NOT_KEPT[name] && typeof value === "string") { entries.push([name, value]); }
    });
    return entries;
  }

  // Rows get new random keys whenever the saved report is shown: compare rows by position.
  function comparable(entries) {
    var order = {};
    var count = 0;
    entries.forEach(function (e) {
      if (e[0] === "activity_key" && !(e[1] in order)) { order[e[1]] = count++; }
    });
    return JSON.stringify(entries.filter(function (e) { return !/-editing$/.test(e[0]); })
      .map(function (e) {
        if (e[0] === "activity_key") { return [e[0], order[e[1]]]; }
        var row = /^a-([0-9a-f]{8})-(.*)$/.exec(e[0]);
        return row && row[1] in order ? ["a-" + order[row[1]] + "-" + row[2], e[1]] : e;
      }));
  }

  function readDraft(form) {
    try { return JSON.parse(window.sessionStorage.getItem(keyOf(form)) || "null"); }
    catch (e) { return null; }
  }

  function storeDraft(form) {
    window.clearTimeout(storeTimer);
    try {
      window.sessionStorage.setItem(keyOf(form), JSON.stringify({
        version: field(form, "version"), at: Date.now(), entries: entriesOf(form) }));
    } catch (e) { /* storage off or full: the warning before leaving still holds */ }
  }

  function forgetDrafts(key) {
    window.clearTimeout(storeTimer);
    try {
      Object.keys(window.sessionStorage).forEach(function (name) {
        if (key ? name === key : name.indexOf(PREFIX) === 0) { window.sessionStorage.removeItem(name); }
      });
    } catch (e) { /* nothing kept */ }
  }

  // The kept text goes back to the server, which shows it in the editor (with its rows).
  function restore(form, draft) {
    var copy = document.createElement("form");
    copy.method = "post";
    copy.action = form.getAttribute("action");
    copy.hidden = true;
    [["csrf_token", field(form, "csrf_token")], ["version", draft.version], ["op", "restore"]]
      .concat(draft.entries).forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = pair[0];
        input.value = pair[1];
        copy.appendChild(input);
      });
    form.parentNode.appendChild(copy);
    if (window.htmx) { window.htmx.process(copy); }
    copy.requestSubmit();
  }

  function setUp() {
    var form = editorForm();
    if (!form) { return; }
    dirty = form.hasAttribute("data-dirty");
    leaving = false;
    lastKeepalive = Date.now();
    if (dirty) { storeDraft(form); return; }  // a page that already shows unsaved text
    var draft = readDraft(form);
    if (!draft || !draft.entries) { return; }
    if (comparable(draft.entries) === comparable(entriesOf(form))) { forgetDrafts(keyOf(form)); return; }
    restore(form, draft);
  }

  function keepAlive(form) {
    var every = 1000 * Number(form.getAttribute("data-keepalive-seconds") || 0);
    if (!every || Date.now() - lastKeepalive < every) { return; }
    lastKeepalive = Date.now();
    window.fetch("/sessionen/forlang", { method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": field(form, "csrf_token") } }).catch(function () {});
  }

  function markDirty() {
    var state = document.getElementById("save-state-text");
    if (!state || state.classList.contains("save-state__text--dirty")) { return; }
    state.textContent = "Osparade ändringar";
    state.classList.remove("save-state__text--saved");
    state.classList.add("save-state__text--dirty");
  }

  function onEdit(event) {
    var form = event.target.closest && event.target.closest("form[data-editor][data-draft-key]");
    if (!form) { return; }
    dirty = true;
    markDirty();
    window.clearTimeout(storeTimer);
    storeTimer = window.setTimeout(function () { storeDraft(form); }, 300);
    keepAlive(form);
  }

  function alertInEditor(text) {
    var alert = document.getElementById("editor-alert");
    leaving = false;
    if (!alert) { return; }
    alert.textContent = text;
    alert.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  document.addEventListener("htmx:afterSettle", function (event) {
    var form = editorForm();
    if (event.detail.target && event.detail.target.id === "main") { setUp(); }
    else if (form) { dirty = true; storeDraft(form); }  // a row was added, changed or removed
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = editorForm();
    var elt = event.target;
    if (!form) { return; }
    if (elt === form) { storeDraft(form); leaving = true; return; }  // its own save or send
    if (inEditor(elt) || !dirty) { return; }
    var boosted = event.detail.boosted || (event.detail.requestConfig || {}).boosted;
    if (boosted && !window.confirm(LEAVE)) { event.preventDefault(); }
  });

  // The element that asked (htmx fires the swap events on the target, here <main>).
  function requester(event) {
    return (event.detail.requestConfig || {}).elt || event.target;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (!inEditor(requester(event)) || (status < 500 && status !== 413)) { return; }
    event.detail.shouldSwap = false;
    alertInEditor(status === 413 ? TOO_LARGE : DOWN);
  });

  document.addEventListener("htmx:sendError", function (event) {
    if (inEditor(requester(event))) { alertInEditor(DOWN); }
  });

  document.addEventListener("samordna:saved", function () {
    var form = editorForm();
    if (form) { forgetDrafts(keyOf(form)); }
    dirty = false;
  });

  // Capturing: before htmx's own handler on the link starts the request (and asks).
  document.addEventListener("click", function (event) {
    var discard = event.target.closest && event.target.closest("[data-discard-draft]");
    var form = editorForm();
    if (discard && form) { forgetDrafts(keyOf(form)); dirty = false; }
  }, true);

  // Signing out on purpose: ask first if there is unsaved text, then keep nothing behind.
  document.addEventListener("submit", function (event) {
    if (!/\/logga-ut$/.test(event.target.action || "")) { return; }
    if (dirty && !leaving && !window.confirm(LEAVE)) { event.preventDefault(); return; }
    leaving = true;
    forgetDrafts(null);
  });

  window.addEventListener("beforeunload", function (event) {
    var form = editorForm();
    if (!form || !dirty || leaving) { return; }
    storeDraft(form);
    event.preventDefault();
    event.returnValue = "";
  });
})();
