// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// --- "Listen to this page" --------------------------------------------------
// The button is in the page with the hidden attribute and is shown only where the browser
// can speak. It reads the page's heading and main words in the page's own language.
(function listenToThisPage() {
  const button = document.querySelector("[data-portal-listen]");
  if (!button || !("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
    return;
  }
  const speech = window.speechSynthesis;
  const listenText = button.dataset.listenText;
  const stopText = button.dataset.stopText;
  const lang = document.documentElement.lang || "en";
  let speaking = false;

  function textToRead() {
    const main = document.querySelector("main");
    const blocks = Array.from(main.querySelectorAll("h1, h2, h3, p, li, dt, dd"))
      // Navigation, the button itself and the English beside a translation (for an
      // interpreter to read) are not part of what the page says in its own language.
      // The one-line translation notice is about the page, not part of it.
      .filter((block) => !block.closest("nav, button, [hidden], .portal-side-by-side__cell--english, .portal-translation-warning"))
      // A list item inside another block is read with it.
      .filter((block) => !block.parentElement.closest("p, li, dt, dd"));
    return blocks.map((block) => block.innerText.trim()).filter(Boolean);
  }

  function show(nowSpeaking) {
    speaking = nowSpeaking;
    button.textContent = nowSpeaking ? stopText : listenText;
  }

  button.addEventListener("click", () => {
    speech.cancel();
    if (speaking) {
      show(false);
      return;
    }
    // One utterance per block: some browsers cut off a long one part way.
    const parts = textToRead();
    parts.forEach((text, index) => {
      const utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      if (index === parts.length - 1) {
        utterance.addEventListener("end", () => show(false));
      }
      utterance.addEventListener("error", () => show(false));
      speech.speak(utterance);
    });
    show(parts.length > 0);
  });
  window.addEventListener("pagehide", () => speech.cancel());
  button.hidden = false;
})();

// --- Session timeout warning -------------------------------------------------
// Two minutes before the idle timeout, a modal dialog offers "Stay signed in" (a
// keep-alive POST with the CSRF token) or "Sign out". If nothing is chosen, the person
// is signed out when the time runs out. Timings come from data attributes on the dialog.
// Typing counts as being there: while the warning is not shown, typing sends the same
// keep-alive, at most once a minute. If the time runs out with text typed into a form
// that keeps typing, the session is ended first and then the form is posted: the server
// keeps the text and puts it back after the person signs in again.
(function timeoutWarning() {
  const dialog = document.querySelector('[data-module="portal-timeout-warning"]');
  if (!dialog || typeof dialog.showModal !== "function") return;
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warning = Math.min(Number(dialog.dataset.warningSeconds) * 1000, idle);
  const stay = dialog.querySelector("[data-portal-stay]");
  const signOut = dialog.querySelector("form");
  const typingPingMs = 60 * 1000;
  let warnTimer = null;
  let endTimer = null;
  let lastFocus = null;
  let lastPing = Date.now();

  function start() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(warn, idle - warning);
    endTimer = setTimeout(end, idle);
  }

  function ping() {
    return fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": dialog.dataset.csrfToken },
      redirect: "manual",
    });
  }

  // A form whose text the server keeps (it names its owner in a signed field), typed in.
  function typedForm() {
    return Array.from(document.querySelectorAll("form[data-portal-typed]"))
      .find((form) => form.querySelector('input[name="kept_for"]'));
  }

  async function end() {
    const form = typedForm();
    if (!form) {
      signOut.requestSubmit();
      return;
    }
    // Sign out first, so that posting the form can only keep its text, never send it.
    try {
      const response = await fetch(signOut.action, {
        method: "POST", body: new FormData(signOut), credentials: "same-origin",
        redirect: "manual",
      });
      if (response.type !== "opaqueredirect" && !response.ok) throw new Error("not signed out");
    } catch (error) {
      signOut.requestSubmit();
      return;
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  document.addEventListener("input", (event) => {
    const form = event.target && event.target.form;
    if (form) form.dataset.portalTyped = "yes";
    if (dialog.open || Date.now() - lastPing < typingPingMs) return;
    lastPing = Date.now();
    ping().then((response) => {
      if (response.status === 204) start();
    }).catch(() => {});
  });

  function warn() {
    lastFocus = document.activeElement;
    dialog.showModal();
    dialog.querySelector("#portal-timeout-heading").focus();
  }

  function close() {
    if (dialog.open) dialog.close();
    if (lastFocus && typeof lastFocus.focus === "function") lastFocus.focus();
  }

  async function keepAlive() {
    try {
      lastPing = Date.now();
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": dialog.dataset.csrfToken },
        redirect: "manual",
      });
      // Only 204 means the session lives on: an ended one answers with the sign-in page.
      if (response.status !== 204) throw new Error(String(response.status));
      close();
      start();
    } catch (error) {
      // The session has already ended: end() keeps any typed text, or signs out.
      end();
    }
  }

  stay.addEventListener("click", keepAlive);
  // Escape closes the dialog; treat it as "stay signed in", as the pattern does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    keepAlive();
  });
  start();
})();
