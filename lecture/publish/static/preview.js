const players = [...document.querySelectorAll("video")];
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-video]");
  if (!link) return;
  const video = document.getElementById(link.dataset.video);
  if (!video) return;
  event.preventDefault();
  video.scrollIntoView({behavior: "smooth", block: "center"});
  video.currentTime = Number(link.dataset.time);
  video.play().catch(() => {});
});
for (const video of players) {
  video.addEventListener("play", () => players.forEach((other) => other !== video && other.pause()));
  const lines = [...document.querySelectorAll(`.transcript a[data-video="${video.id}"]`)];
  if (!lines.length) continue;
  video.addEventListener("timeupdate", () => {
    let current = null;
    for (const line of lines) if (Number(line.dataset.time) <= video.currentTime + 0.01) current = line;
    lines.forEach((line) => line.parentElement.classList.toggle("active", line === current));
  });
}
