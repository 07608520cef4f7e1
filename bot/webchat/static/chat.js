"use strict";
(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const photo = document.getElementById("photo");
  const send = document.getElementById("send");
  const counter = document.getElementById("counter");
  const attachment = document.getElementById("attachment");
  const thumb = document.getElementById("attachment-thumb");
  const attachmentName = document.getElementById("attachment-name");
  const ui = log.dataset; // the page's own words, from the catalogue
  const limit = Number(input.getAttribute("maxlength"));

  let busy = false; // a message or a photo is on its way: nothing else is sent meanwhile
  let uploading = false; // a photo is on its way: Enter does nothing, the text stays in the box
  let queued = false; // Enter pressed while a message was on its way: sent right after it
  let chosenPhoto = null; // { file, preview } picked, not sent yet
  let failed = null; // the last message that did not arrive: { id, text, photo, item }

  function newId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- the transcript ----------------------------------------------------------------------

  function bubble(direction, text, extraClass) {
    const item = document.createElement("li");
    item.className = "msg msg--" + direction + (extraClass ? " " + extraClass : "");
    if (text) item.appendChild(document.createTextNode(text));
    log.appendChild(item);
    return item;
  }

  function prompt(item, choices) {
    const box = document.createElement("div");
    box.className = "choices";
    choices.forEach((choice) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.label;
      button.addEventListener("click", () => pick(box, button, choice));
      box.appendChild(button);
    });
    item.appendChild(box);
    // Only the newest prompt can be answered; the older ones stay readable.
    log.querySelectorAll(".choices").forEach((older) => {
      if (older !== box) older.querySelectorAll("button").forEach((button) => (button.disabled = true));
    });
  }

  function reply(message, extraClass) {
    const item = bubble("out", message.text, extraClass);
    if (message.choices && message.choices.length) prompt(item, message.choices);
    return item;
  }

  // A long answer is read from its start: the view goes to the first new bubble, not the last.
  function reveal(items) {
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const height = last.offsetTop + last.offsetHeight - first.offsetTop;
    log.scrollTop = height > log.clientHeight ? first.offsetTop - 8 : log.scrollHeight;
  }

  function replies(messages, extraClass) {
    reveal(messages.map((message) => reply(message, extraClass)));
  }

  function notice(text) {
    replies([{ text: text }], "msg--error");
  }

  // ---- the composer ------------------------------------------------------------------------

  function composerChanged() {
    input.style.height = "auto";
    input.style.height = input.scrollHeight + 2 + "px";
    const left = limit - input.value.length;
    counter.hidden = left > Math.max(50, Math.round(limit * 0.1));
    counter.textContent = ui.counter.replace("{left}", left.toLocaleString("id-ID"));
    send.disabled = uploading;
  }

  function choosePhoto(file) {
    chosenPhoto = file ? { file: file, preview: "" } : null;
    attachment.hidden = !file;
    thumb.removeAttribute("src");
    attachmentName.textContent = file ? file.name : "";
    if (!file) return;
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      if (!chosenPhoto || chosenPhoto.file !== file) return;
      chosenPhoto.preview = String(reader.result);
      thumb.src = chosenPhoto.preview;
    });
    reader.readAsDataURL(file);
  }

  function setBusy(value) {
    busy = value;
    composerChanged();
  }

  // What the composer holds now, taken out of it once it is on its way.
  function takeComposer(text, chosen) {
    if (input.value.trim() === text) input.value = "";
    if (chosenPhoto === chosen) choosePhoto(null);
    composerChanged();
  }

  // What did not arrive goes back to the composer, unless the citizen wrote something else since.
  function restoreComposer(text, chosen) {
    if (!input.value.trim()) input.value = text;
    if (chosen && !chosenPhoto) {
      chosenPhoto = chosen;
      attachment.hidden = false;
      attachmentName.textContent = chosen.file.name;
      if (chosen.preview) thumb.src = chosen.preview;
    }
    composerChanged();
  }

  // ---- sending -----------------------------------------------------------------------------

  // fetch() cannot report an upload's progress; XMLHttpRequest can.
  function request(url, body, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      if (typeof body === "string") xhr.setRequestHeader("Content-Type", "application/json");
      if (onProgress) xhr.upload.addEventListener("progress", (event) => event.lengthComputable && onProgress(event.loaded / event.total));
      xhr.addEventListener("load", () => {
        let parsed = {};
        try {
          parsed = JSON.parse(xhr.responseText);
        } catch (error) {
          parsed = {};
        }
        resolve({ status: xhr.status, body: parsed });
      });
      xhr.addEventListener("error", () => reject(new Error("network")));
      xhr.addEventListener("abort", () => reject(new Error("network")));
      xhr.send(body);
    });
  }

  // The same id on every attempt: the server answers a repeat without handling it twice.
  async function deliver(url, body, onProgress) {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await request(url, body, onProgress);
        if (answer.status < 500 || attempt >= 2) return answer;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
    }
  }

  // Sends one message; on failure it is kept (in its bubble and in the composer) to be sent again.
  async function transmit(message) {
    const item = message.item;
    item.classList.add("msg--pending");
    item.classList.remove("msg--failed");
    const status = item.querySelector(".msg__status");
    if (status) status.remove();
    let progress = null;
    if (message.photo) {
      progress = document.createElement("progress");
      progress.className = "msg__progress";
      progress.max = 1;
      progress.value = 0;
      item.appendChild(progress);
    }
    reveal([item]);
    uploading = Boolean(message.photo);
    setBusy(true);
    let answer = null;
    let offline = false;
    try {
      answer = await deliver(message.url, message.body(), progress && ((share) => (progress.value = share)));
    } catch (error) {
      offline = true;
    }
    if (progress) progress.remove();
    item.classList.remove("msg--pending");
    uploading = false;
    setBusy(false);
    if (queued) {
      queued = false;
      setTimeout(() => form.requestSubmit(), 0);
    }
    if (answer && answer.status >= 200 && answer.status < 300) {
      if (failed === message) failed = null;
      if (message.quiet) item.remove();
      replies(answer.body.replies || []);
      return true;
    }
    fail(message, answer, offline);
    return false;
  }

  function fail(message, answer, offline) {
    // A refusal (4xx) was stored as refused: the next try is a new message. A lost answer may
    // have been handled: the next try repeats the id.
    if (answer && answer.status < 500) message.id = newId();
    if (!message.quiet) failed = message;
    message.item.classList.add("msg--failed");
    const status = document.createElement("div");
    status.className = "msg__status";
    status.appendChild(document.createTextNode(ui.notSent));
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "msg__retry";
    retry.textContent = ui.retry;
    retry.addEventListener("click", () => resend(message));
    status.appendChild(retry);
    message.item.appendChild(status);
    if (message.restore) message.restore();
    if (message.quiet) {
      message.item.hidden = false;
      return;
    }
    const body = answer ? answer.body : {};
    if (Array.isArray(body.replies) && body.replies.length) replies(body.replies, "msg--error");
    else if (offline) notice(ui.offline);
    else if (answer.status >= 500) notice(ui.serverError);
    else notice(typeof body.detail === "string" ? body.detail + " " + ui.rejected : ui.rejected);
  }

  function resend(message) {
    if (busy) return;
    if (message.take) message.take();
    transmit(message);
  }

  function sendText(text) {
    const item = bubble("in", text);
    const message = {
      id: newId(),
      item: item,
      url: "/api/chat/messages",
      body: () => JSON.stringify({ id: message.id, text: text }),
      take: () => takeComposer(text, null),
      restore: () => restoreComposer(text, null),
    };
    return message;
  }

  function sendPhoto(chosen, caption) {
    const item = bubble("in", "", "msg--photo");
    const image = document.createElement("img");
    image.className = "msg__photo";
    image.alt = chosen.file.name;
    if (chosen.preview) image.src = chosen.preview;
    item.appendChild(image);
    item.appendChild(document.createTextNode(caption || chosen.file.name));
    const message = {
      id: newId(),
      item: item,
      photo: true,
      url: "/api/chat/photos",
      body: () => {
        const data = new FormData();
        data.append("id", message.id);
        data.append("photo", chosen.file);
        if (caption) data.append("caption", caption);
        return data;
      },
      take: () => takeComposer(caption, chosen),
      restore: () => restoreComposer(caption, chosen),
    };
    return message;
  }

  function sameAsFailed(text, chosen) {
    if (!failed || !failed.take) return false;
    return failed.text === text && failed.chosen === chosen;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) {
      // the text stays in the box until the upload is done; after a text message it follows at once
      queued = !uploading;
      return;
    }
    const text = input.value.trim();
    const chosen = chosenPhoto;
    if (!text && !chosen) return;
    if (sameAsFailed(text, chosen)) {
      failed.item.remove();
      failed.item = chosen ? sendPhoto(chosen, text).item : bubble("in", text);
    } else {
      failed = chosen ? sendPhoto(chosen, text) : sendText(text);
      failed.text = text;
      failed.chosen = chosen;
    }
    const message = failed;
    message.take();
    transmit(message);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (!uploading) form.requestSubmit();
    }
  });
  input.addEventListener("input", composerChanged);

  photo.addEventListener("change", () => {
    if (photo.files[0]) choosePhoto(photo.files[0]);
    photo.value = "";
    input.focus();
  });
  document.getElementById("attachment-remove").addEventListener("click", () => choosePhoto(null));

  // A button press: the prompt is used, unless the press does not arrive.
  function pick(box, button, choice) {
    if (busy) return;
    const buttons = box.querySelectorAll("button");
    buttons.forEach((other) => (other.disabled = true));
    button.classList.add("choices__picked");
    const item = bubble("in", choice.label);
    const message = {
      id: newId(),
      item: item,
      url: "/api/chat/messages",
      body: () => JSON.stringify({ id: message.id, choice: choice.value, label: choice.label }),
      restore: () => {
        const prompts = log.querySelectorAll(".choices");
        if (prompts[prompts.length - 1] !== box) return; // a newer prompt came meanwhile
        buttons.forEach((other) => (other.disabled = false));
        button.classList.remove("choices__picked");
      },
    };
    transmit(message);
  }

  // ---- officers' later answers, ending the session, the start --------------------------------

  async function poll() {
    if (document.hidden || busy) return;
    try {
      const response = await fetch("/api/chat/updates");
      if (!response.ok) return;
      const body = await response.json();
      replies(body.replies);
    } catch (error) {
      // offline for a moment: the next poll collects the same messages
    }
  }
  setInterval(poll, 15000);

  // "Akhiri sesi": the server forgets the session and its cookie; this page forgets the transcript.
  document.getElementById("end-session").addEventListener("click", async () => {
    if (!window.confirm(ui.endConfirm)) return;
    try {
      const response = await fetch("/api/chat/session/end", { method: "POST" });
      const body = await response.json();
      log.replaceChildren();
      failed = null;
      replies(body.replies);
    } catch (error) {
      notice(ui.endFailed);
    }
  });

  async function start() {
    composerChanged();
    try {
      const response = await fetch("/api/chat/history");
      const history = response.ok ? await response.json() : [];
      history.forEach((line) => (line.direction === "in" ? bubble("in", line.text) : reply(line)));
      log.scrollTop = log.scrollHeight;
      if (history.length) return;
      // The page opens the conversation itself: nothing is shown in the citizen's name.
      const message = {
        id: newId(),
        quiet: true,
        item: bubble("out", ui.unavailable, "msg--error"),
        url: "/api/chat/messages",
        body: () => JSON.stringify({ id: message.id, choice: "menu:start" }),
      };
      message.item.hidden = true;
      transmit(message);
    } catch (error) {
      notice(ui.unavailable);
    }
  }
  start();
})();
