// The deck's two modes.
//   self-running (?mode=self, the default): the clips keep their voice; a chapter's title stays up a few
//     seconds, a beat's slide until its clip has played, then the deck moves on by itself.
//   live (?mode=live): the clips play without their voice (silent copies, muted); the deck moves on by key
//     and the lecturer speaks from the notes in the speaker view (S).
// Browsers play sound only after a click on the page, so the deck opens on a card that asks for one
// and chooses the mode; ?mode=live needs no click (muted clips may play at once) and skips it.
// The speaker view's previews (?receiver) are always silent.
(function () {
  "use strict";
  const params = new URLSearchParams(window.location.search);
  const receiver = params.has("receiver");
  const start = document.getElementById("start");
  let mode = receiver || params.get("mode") === "live" ? "live" : "self";
  let timer = null;

  function setSources(chosen) {
    mode = chosen;
    document.documentElement.dataset.mode = mode;
    for (const video of document.querySelectorAll("video.clip")) {
      // data-src: reveal loads a clip when its slide comes near (viewDistance) and unloads it after.
      const source = mode === "live" ? video.dataset.silent : video.dataset.voice;
      video.muted = mode === "live";
      video.setAttribute("data-src", source);
      if (video.hasAttribute("src") && video.getAttribute("src") !== source) video.setAttribute("src", source);
    }
  }

  function current() { return window.Reveal && Reveal.isReady() ? Reveal.getCurrentSlide() : null; }

  function cue() {
    clearTimeout(timer);
    timer = null;
    const slide = current();
    if (mode !== "self" || !slide || Reveal.isPaused() || !slide.classList.contains("chapter-title")) return;
    timer = setTimeout(() => { if (current() === slide && !Reveal.isLastSlide()) Reveal.next(); },
                       parseFloat(slide.dataset.seconds) * 1000);
  }

  function begin(chosen) {
    setSources(chosen);
    start.hidden = true;
    document.documentElement.dataset.started = "1";
    const url = new URL(window.location.href);
    url.searchParams.set("mode", chosen);
    window.history.replaceState(null, "", url);  // the speaker view opens this address: same mode
    Reveal.configure({ keyboard: true });
    const slide = current();
    const video = slide && slide.querySelector("video.clip");
    if (video) { video.currentTime = 0; video.play().catch(() => {}); }
    cue();
  }

  setSources(mode);
  for (const video of document.querySelectorAll("video.clip")) {
    video.addEventListener("ended", () => {
      const slide = video.closest("section");
      if (mode === "self" && slide === current() && !Reveal.isPaused() && !Reveal.isLastSlide()) Reveal.next();
    });
    video.addEventListener("click", () => { video.paused || video.ended ? video.play() : video.pause(); });
  }

  const showCard = !receiver && mode === "self" && start;
  Reveal.initialize({
    width: 1280, height: 780, margin: 0.02, hash: true, controls: true, progress: true,
    slideNumber: "c/t", transition: "fade", backgroundTransition: "none", viewDistance: 3,
    keyboard: !showCard, plugins: [RevealNotes],
  }).then(() => {
    if (showCard) {
      start.hidden = false;
      document.getElementById("start-self").focus();
      for (const button of start.querySelectorAll("button")) {
        button.addEventListener("click", () => begin(button.dataset.mode));
      }
    } else {
      document.documentElement.dataset.started = "1";
      cue();
    }
  });
  Reveal.on("slidechanged", cue);
  Reveal.on("paused", () => {
    clearTimeout(timer);
    const video = current() && current().querySelector("video.clip");
    if (video) video.pause();
  });
  Reveal.on("resumed", () => {
    const video = current() && current().querySelector("video.clip");
    if (video && !video.ended) video.play().catch(() => {});
    cue();
  });
  // Reveal plays a slide's clip when the slide is shown; while the start card is up nothing plays.
  document.addEventListener("play", (event) => {
    if (showCard && !start.hidden) event.target.pause();
  }, true);
})();
