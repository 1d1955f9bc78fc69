/* The licence app's pages, made to behave like an app; every page also works without this script.
 *
 * - Checks in Chinese beside each field as it is sent (the forms are novalidate: never the browser's own
 *   bubbles), cleared as soon as the field is put right.
 * - Forms marked js-lic-form are sent with fetch: a refusal is shown in place and what was typed stays,
 *   so after 「数据同步中，请5分钟后再试」 【我知道了】 closes the dialog and 【确认】 is one tap again. A step
 *   done goes on with location.assign: no POST result ever enters the history.
 * - Dialogs: openers name theirs in data-dialog; 《执照下载声明》's 【我已阅读】 ticks its box.
 * - ‹ 返回 steps back through this tab's history when the page below it is the step before.
 */
const OFFLINE = "网络连接失败，请检查网络后重试";
const UNAVAILABLE = "服务暂时不可用，请稍后再试";
const PAGE_KEY = "elicense:page";

// -- checks ------------------------------------------------------------------------------------------

function valueOf(input) {
  const value = input.value.trim();
  return input.dataset.normalise === "id" ? value.normalize("NFKC").toUpperCase() : value;
}

function problemOf(form, input) {
  if (input.type === "radio") {
    const group = form.querySelectorAll(`input[type="radio"][name="${input.name}"]`);
    return [...group].some((radio) => radio.checked && !radio.disabled) ? null : input.dataset.required;
  }
  if (input.type === "checkbox") return input.checked ? null : input.dataset.required;
  const value = valueOf(input);
  if (!value) return input.dataset.required || null;
  if (input.dataset.pattern && !new RegExp(input.dataset.pattern, "u").test(value)) {
    return input.dataset.patternMessage;
  }
  if (input.dataset.sameAs && value !== valueOf(form.elements.namedItem(input.dataset.sameAs))) {
    return input.dataset.sameMessage;
  }
  return null;
}

function showReason(form, name, reason) {
  const slot = form.querySelector(`[data-error-for="${name}"]`) || form.querySelector('[data-error-for="form"]');
  if (slot) {
    slot.textContent = reason || "";
    slot.hidden = !reason;
  }
  for (const input of form.querySelectorAll(`[name="${name}"]`)) {
    if (reason) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}

function checkedFields(form) {
  const seen = new Map();
  for (const input of form.querySelectorAll("[data-required], [data-pattern], [data-same-as]")) {
    if (!seen.has(input.name)) seen.set(input.name, input);
  }
  return [...seen.values()];
}

/** Every field's reason beside it; the first field at fault gets the focus. True when all is well. */
function check(form) {
  let first = null;
  for (const input of checkedFields(form)) {
    const reason = problemOf(form, input);
    showReason(form, input.name, reason);
    if (reason && !first) first = input;
  }
  showReason(form, "form", null);
  if (first) first.focus();
  return first === null;
}

function recheck(event) {
  const input = event.target;
  const form = input.form;
  if (!form || !form.classList.contains("js-lic-form") || !input.name) return;
  const shown = form.querySelector(`[data-error-for="${input.name}"]:not([hidden])`);
  if (shown) showReason(form, input.name, problemOf(form, input));
  const partner = form.querySelector(`[data-same-as="${input.name}"][aria-invalid="true"]`);
  if (partner) showReason(form, partner.name, problemOf(form, partner));
}

// -- sending -----------------------------------------------------------------------------------------

function setBusy(form, busy) {
  form.toggleAttribute("data-busy", busy);
  for (const button of form.querySelectorAll("button")) button.disabled = busy;
}

function alertDialog(message) {
  const dialog = document.querySelector(".js-lic-alert");
  dialog.querySelector(".lic-dialog__text").textContent = message;
  openDialog(dialog);
}

function showRefusal(form, body) {
  const fields = Object.entries(body.fields || {});
  if (body.dialog) {
    alertDialog(body.message);
    return;
  }
  for (const [name, reason] of fields) showReason(form, name, reason);
  if (!fields.length) showReason(form, "form", body.message || UNAVAILABLE);
  const cleared = form.dataset.clearOnRefusal && form.elements.namedItem(form.dataset.clearOnRefusal);
  if (cleared && fields.length) {
    cleared.value = "";
    cleared.focus();
  }
}

async function send(form) {
  if (form.hasAttribute("data-busy")) return;
  setBusy(form, true);
  let response;
  let body;
  try {
    response = await fetch(form.action, {
      method: "POST", body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" }, credentials: "same-origin",
    });
    if (response.redirected) { // a page answered instead (this step was done already): go where it led
      location.assign(response.url);
      return;
    }
    body = await response.json();
  } catch {
    setBusy(form, false);
    showReason(form, "form", navigator.onLine === false ? OFFLINE : UNAVAILABLE);
    return;
  }
  if (response.ok && body.location) {
    location.assign(body.location); // stays busy: the next page is on its way
    return;
  }
  if (body.location) { // no longer this page's business (the flow ended, the licence is gone): show why
    location.replace(body.location);
    return;
  }
  setBusy(form, false);
  showRefusal(form, body);
}

function onSubmit(event) {
  const form = event.target;
  if (!form.classList.contains("js-lic-form")) return;
  event.preventDefault();
  if (check(form)) send(form);
}

// -- dialogs -----------------------------------------------------------------------------------------

function openDialog(dialog) {
  if (dialog.open) dialog.close();
  dialog.showModal();
}

function onDialogClose(event) {
  const dialog = event.target;
  if (!(dialog instanceof HTMLDialogElement) || !dialog.dataset.ticks || dialog.returnValue !== "read") return;
  const box = document.getElementById(dialog.dataset.ticks);
  box.checked = true;
  if (box.form) showReason(box.form, box.name, null);
}

// -- ‹ 返回 ------------------------------------------------------------------------------------------

/** Each history entry remembers the licence page below it, so ‹ 返回 can be the browser's own back. */
function rememberPage() {
  try {
    const state = history.state || {};
    if (!("licPrevious" in state)) {
      history.replaceState({ ...state, licPrevious: sessionStorage.getItem(PAGE_KEY) }, "");
    }
    sessionStorage.setItem(PAGE_KEY, location.pathname);
  } catch {
    // storage refused (private mode): ‹ 返回 is then a plain link
  }
}

function onClick(event) {
  const opener = event.target.closest("[data-dialog]");
  if (opener) {
    event.preventDefault();
    openDialog(document.getElementById(opener.dataset.dialog));
    return;
  }
  const back = event.target.closest("a.js-lic-back");
  if (back && history.state && history.state.licPrevious === new URL(back.href).pathname) {
    event.preventDefault();
    history.back();
  }
}

function onPageShow(event) {
  rememberPage();
  if (event.persisted) { // restored from the back-forward cache: nothing is on its way any more
    for (const form of document.querySelectorAll("form[data-busy]")) setBusy(form, false);
  }
}

document.addEventListener("submit", onSubmit);
document.addEventListener("input", recheck);
document.addEventListener("change", recheck);
document.addEventListener("click", onClick);
document.addEventListener("close", onDialogClose, true);
window.addEventListener("pageshow", onPageShow);
for (const dialog of document.querySelectorAll("dialog[open]")) openDialog(dialog); // the no-script answer, made modal
// A link that opens a dialog here (its page, without script) acts as a button.
for (const opener of document.querySelectorAll("a[data-dialog]")) opener.setAttribute("role", "button");
