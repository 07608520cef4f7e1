"use strict";
(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const photo = document.getElementById("photo");
  const send = form.querySelector("button[type=submit]");

  function newId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function show(direction, text, choices, extraClass) {
    const item = document.createElement("li");
    item.className = "msg msg--" + direction + (extraClass ? " " + extraClass : "");
    item.textContent = text;
    if (choices && choices.length) {
      const box = document.createElement("div");
      box.className = "choices";
      choices.forEach((choice) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.label;
        button.addEventListener("click", () => {
          box.classList.add("choices--used");
          post({ choice: choice.value, label: choice.label }, choice.label);
        });
        box.appendChild(button);
      });
      item.appendChild(box);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  async function deliver(url, options, attempt) {
    try {
      const response = await fetch(url, options);
      if (response.status >= 500 && attempt < 3) throw new Error("server " + response.status);
      return response;
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 800 * (attempt + 1)));
      return deliver(url, options, attempt + 1);
    }
  }

  async function handle(responsePromise) {
    send.disabled = true;
    try {
      const response = await responsePromise;
      const body = await response.json();
      if (!response.ok && Array.isArray(body.replies)) {
        // 429: too many messages in a short time; the first refusal carries a polite notice.
        body.replies.forEach((reply) => show("out", reply.text, [], "msg--error"));
        return;
      }
      if (!response.ok) {
        const detail = typeof body.detail === "string" ? body.detail : "Pesan tidak dapat diproses. Mohon periksa kembali.";
        show("out", detail, [], "msg--error");
        return;
      }
      body.replies.forEach((reply) => show("out", reply.text, reply.choices));
    } catch (error) {
      show("out", "Koneksi terputus. Pesan Bapak/Ibu belum terkirim; silakan coba lagi.", [], "msg--error");
    } finally {
      send.disabled = false;
    }
  }

  function post(message, echo) {
    if (echo) show("in", echo);
    const body = JSON.stringify(Object.assign({ id: newId() }, message));
    // The same id is reused on retry, so the server answers a repeat without handling it twice.
    handle(deliver("/api/chat/messages", { method: "POST", headers: { "Content-Type": "application/json" }, body: body }, 0));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    post({ text: text }, text);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  photo.addEventListener("change", () => {
    const file = photo.files[0];
    if (!file) return;
    const data = new FormData();
    data.append("id", newId());
    data.append("photo", file);
    const caption = input.value.trim();
    if (caption) data.append("caption", caption);
    input.value = "";
    photo.value = "";
    show("in", "[foto] " + (caption || file.name));
    handle(deliver("/api/chat/photos", { method: "POST", body: data }, 0));
  });

  // Officers answer later: collect what arrived since, while the page is open and visible.
  async function poll() {
    if (document.hidden) return;
    try {
      const response = await fetch("/api/chat/updates");
      if (!response.ok) return;
      const body = await response.json();
      body.replies.forEach((reply) => show("out", reply.text, reply.choices));
    } catch (error) {
      // offline for a moment: the next poll collects the same messages
    }
  }
  setInterval(poll, 15000);

  // "Akhiri sesi": the server forgets the session and its cookie; this page forgets the transcript.
  document.getElementById("end-session").addEventListener("click", async () => {
    if (!window.confirm("Akhiri sesi? Riwayat percakapan tidak akan dapat dibuka lagi dari peramban ini.")) return;
    try {
      const response = await fetch("/api/chat/session/end", { method: "POST" });
      const body = await response.json();
      log.replaceChildren();
      body.replies.forEach((reply) => show("out", reply.text, []));
    } catch (error) {
      show("out", "Koneksi terputus. Sesi belum diakhiri; silakan coba lagi.", [], "msg--error");
    }
  });

  async function start() {
    try {
      const response = await fetch("/api/chat/history");
      const history = response.ok ? await response.json() : [];
      history.forEach((line, index) => show(line.direction, line.text, index === history.length - 1 ? line.choices : []));
      if (!history.length) post({ choice: "menu:start", label: "Mulai" }, "Mulai");
    } catch (error) {
      show("out", "Layanan sedang tidak dapat dihubungi. Silakan muat ulang halaman beberapa saat lagi.", [], "msg--error");
    }
  }
  start();
})();
